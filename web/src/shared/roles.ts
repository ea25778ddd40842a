import { useEffect, useState } from 'react';
import { roles, type RoleView } from './api.ts';

/** The role table for a screen: the server's names, or the codes until they arrive. */
export function useRoles(): { list: RoleView[]; name: (role: string) => string } {
  const [list, setList] = useState<RoleView[]>([]);
  useEffect(() => {
    roles().then(setList, () => undefined);
  }, []);
  return { list, name: (role) => list.find((r) => r.role === role)?.name ?? role };
}
