import { BlockList, isIPv4 } from 'node:net';

/** Decides whether a source address is inside the agency's trusted network (S-110 §H: everything else is remote). */
export function trustedNetwork(ranges: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const [network, bits] = range.split('/');
    list.addSubnet(network!, Number(bits), isIPv4(network!) ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    try {
      return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
    } catch {
      return false;
    }
  };
}
