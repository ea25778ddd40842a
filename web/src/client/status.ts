/**
 * How each unit status looks on the board: a word and a shape as well as a colour,
 * so the board reads the same to a colour-blind dispatcher (81A §E.1.a).
 */
export interface StatusLook {
  label: string;
  symbol: string;
}

export const UNIT_STATUS: Record<string, StatusLook> = {
  available: { label: 'Available', symbol: '○' },
  dispatched: { label: 'Dispatched', symbol: '▷' },
  en_route: { label: 'En route', symbol: '➔' },
  arrived: { label: 'On scene', symbol: '■' },
  out_of_service: { label: 'Out of service', symbol: '✕' },
  standby: { label: 'Standby', symbol: '◐' },
  emergency: { label: 'EMERGENCY', symbol: '⚠' },
};

export function unitLook(status: string): StatusLook {
  return UNIT_STATUS[status] ?? { label: status.replace(/_/g, ' '), symbol: '?' };
}

export const INCIDENT_STATUS: Record<string, string> = {
  pending: 'Pending',
  dispatched: 'Dispatched',
  on_scene: 'On scene',
  closed: 'Closed',
};

export function priorityLabel(priority: number): string {
  return `P${priority}`;
}
