/**
 * Colours only where someone reads them: picocolors also turns them on whenever CI is set, which puts
 * escape codes into piped output and logs. Imported first by the command line, before picocolors.
 */
if (!process.stdout.isTTY && !('FORCE_COLOR' in process.env)) process.env['NO_COLOR'] = '1';
