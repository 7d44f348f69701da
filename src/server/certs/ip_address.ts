import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network-order bytes of an IP address in text form: 4 bytes for IPv4 (`10.43.0.1`), 16 for
 * IPv6 (`::1`, `fd00::10`, `::ffff:1.2.3.4`). This is the form an X.509 `iPAddress` subject
 * alternative name holds. Throws a `TypeError` for anything that is not an IP address (a zone
 * index such as `fe80::1%eth0` included).
 */
export function ipToBytes(ip: string): Uint8Array {
  if (isIPv4(ip)) return Uint8Array.from(ip.split('.'), Number);
  if (!isIPv6(ip) || ip.includes('%')) throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
  let text = ip;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 address fills the last 32 bits.
    tail.push(...ipToBytes(text.slice(lastColon + 1)));
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}
