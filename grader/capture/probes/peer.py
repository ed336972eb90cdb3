"""
A scripted TCP peer on a veth pair, for asking the kernel how it answers segments a normal peer never
sends. Run inside a fresh network namespace (unshare -rn): the kernel's sockets use 10.9.0.1 on veth k,
this peer speaks for 10.9.0.2 through an AF_PACKET socket on the other end, p, where no address is
configured, so the kernel never answers for it. Every segment both ways is printed with its time.
"""
import socket, struct, time, threading, os, subprocess
def sh(c): subprocess.run(c, shell=True, check=True)
def macof(dev):
    out=subprocess.run(['ip','-o','link','show',dev],capture_output=True,text=True).stdout
    return out.split('link/ether ')[1].split()[0]
def setup():
    sh('ip link set lo up; ip link add k type veth peer name p; ip addr add 10.9.0.1/24 dev k; ip link set k up; ip link set p up')
    mac = macof('p')
    sh(f'ip neigh add 10.9.0.2 lladdr {mac} dev k')
    return mac
def csum(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b)); s=(s>>16)+(s&0xffff); s+=s>>16; return (~s)&0xffff
FL={'F':1,'S':2,'R':4,'P':8,'A':16}
class Peer:
    def __init__(self, sport=5555, dport=80):
        self.mac=setup(); self.kmac=macof('k')
        self.s=socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800)); self.s.bind(('p',0))
        self.sport=sport; self.dport=dport; self.t0=time.time(); self.log=[]
        self.q=[]; self.cv=threading.Condition()
        threading.Thread(target=self._rx, daemon=True).start()
    def _rx(self):
        while True:
            f=self.s.recv(65535)
            ip=f[14:]; 
            if ip[9]!=6: continue
            ihl=(ip[0]&15)*4; tl=struct.unpack('!H',ip[2:4])[0]; t=ip[ihl:tl]
            sp,dp,sq,ak,off,fl,wn=struct.unpack('!HHIIBBH',t[:16]); doff=(off>>4)*4
            data=t[doff:]
            fs=''.join(k for k,v in FL.items() if fl&v)
            seg=dict(t=round(time.time()-self.t0,3), sport=sp,dport=dp,seq=sq,ack=ak,flags=fs,win=wn,data=data)
            with self.cv: self.q.append(seg); self.cv.notify_all()
            print('  <k %7.3f %s seq=%d ack=%d win=%d len=%d'%(seg['t'],fs,sq,ak,wn,len(data)), flush=True)
    def expect(self, timeout=3, pred=lambda s: True):
        end=time.time()+timeout
        with self.cv:
            while True:
                for i,s in enumerate(self.q):
                    if pred(s): return self.q.pop(i)
                r=end-time.time()
                if r<=0: return None
                self.cv.wait(r)
    def drain(self):
        with self.cv: q=self.q; self.q=[]; return q
    def send(self, flags, seq, ack=0, data=b'', win=64240, sport=None, dport=None):
        sport=sport or self.sport; dport=dport or self.dport
        fl=sum(FL[c] for c in flags)
        tcp=struct.pack('!HHIIBBHHH',sport,dport,seq&0xffffffff,ack&0xffffffff,5<<4,fl,win,0,0)+data
        src=socket.inet_aton('10.9.0.2'); dst=socket.inet_aton('10.9.0.1')
        c=csum(src+dst+struct.pack('!BBH',0,6,len(tcp))+tcp)
        tcp=tcp[:16]+struct.pack('!H',c)+tcp[18:]
        iph=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(tcp),0,0x4000,64,6,0,src,dst)
        iph=iph[:10]+struct.pack('!H',csum(iph))+iph[12:]
        eth=bytes.fromhex(self.kmac.replace(':',''))+bytes.fromhex(self.mac.replace(':',''))+b'\x08\x00'
        print('  >p %7.3f %s seq=%d ack=%d len=%d'%(time.time()-self.t0,flags,seq&0xffffffff,ack&0xffffffff,len(data)), flush=True)
        self.s.send(eth+iph+tcp)
    def handshake_to_listener(self, isn=1000):
        """kernel listens on 10.9.0.1:dport; we connect from 10.9.0.2:sport. Returns (kernel iss)."""
        self.send('S', isn)
        sa=self.expect(pred=lambda s:'S' in s['flags'])
        self.send('A', isn+1, sa['seq']+1)
        return sa['seq']
