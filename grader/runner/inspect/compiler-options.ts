/** The settings exercise code is typechecked with, as a tsconfig.json writes them: the kit's strict ones, without Node's types (an exercise needs none). */
export const EXERCISE_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  skipLibCheck: true,
  noEmit: true,
  types: [],
  lib: ['ES2023'],
};
