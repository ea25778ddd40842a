import type { ComponentType } from 'react';
import type { Me } from '../shared/api.ts';
import { Console } from '../console/Console.tsx';
import { FieldView } from '../field/FieldView.tsx';

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
  { path: '/console', label: 'Dispatch', anyOf: ['dispatch.calls', 'dispatch.dispatch'], component: Console },
  { path: '/field', label: 'My unit', anyOf: ['dispatch.own_unit'], component: FieldView },
];
