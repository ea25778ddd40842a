import { useSyncExternalStore } from 'react';

/** A reminder a screen puts in the alert strip of every page (the strip the console's pages share). */
export interface StripReminder { key: string; text: string; href: string }

const bySource = new Map<string, StripReminder[]>();
const listeners = new Set<() => void>();
let snapshot: StripReminder[] = [];

/** Replace what one screen reminds of (an empty list takes its reminders away). */
export function publishReminders(source: string, reminders: StripReminder[]): void {
  const before = bySource.get(source) ?? [];
  if (before.length === reminders.length && before.every((r, i) => r.key === reminders[i]!.key && r.text === reminders[i]!.text)) return;
  if (reminders.length) bySource.set(source, reminders); else bySource.delete(source);
  snapshot = [...bySource.values()].flat();
  for (const listener of listeners) listener();
}

/** The reminders every screen has put in the strip. */
export function useStripReminders(): StripReminder[] {
  return useSyncExternalStore((listener) => { listeners.add(listener); return () => { listeners.delete(listener); }; }, () => snapshot);
}
