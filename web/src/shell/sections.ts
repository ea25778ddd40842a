import type { ComponentType } from 'react';
import type { Me } from '../shared/api.ts';
import { RecordsSection } from '../records/RecordsSection.tsx';

/**
 * A part of the console reachable from the navigation. A section appears only for
 * users holding one of its permissions; each capability adds its own entry.
 */
export interface Section {
  path: string;
  label: string;
  anyOf: string[];
  component: ComponentType<{ me: Me }>;
}

export const sections: Section[] = [
  { path: '/records', label: 'Records', anyOf: ['records.read'], component: RecordsSection },
];
