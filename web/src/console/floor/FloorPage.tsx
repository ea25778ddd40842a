import type { Me } from '../../shared/api.ts';
import { usePath, navigate } from '../../shared/router.ts';
import { AlarmsScreen } from './AlarmsScreen.tsx';
import { CallbackScreen } from './CallbackScreen.tsx';
import { useReference } from '../../client/reference.ts';
import { ReferenceBanner } from '../../shell/ConnectionBanner.tsx';
import { FLOOR_SCREENS, FloorFrame, FloorReference } from './common.tsx';
import { DayLogScreen } from './DayLogScreen.tsx';
import { DirectoryScreen } from './DirectoryScreen.tsx';
import { MessagesScreen } from './MessagesScreen.tsx';
import { NotifyScreen } from './NotifyScreen.tsx';
import { ScreeningScreen } from './ScreeningScreen.tsx';
import { TimersScreen } from './TimersScreen.tsx';
import { TransferScreen } from './TransferScreen.tsx';

const SCREENS: Record<string, (props: { me: Me }) => React.JSX.Element> = {
  '/floor/transfer': TransferScreen,
  '/floor/callbacks': CallbackScreen,
  '/floor/screening': ScreeningScreen,
  '/floor/messages': MessagesScreen,
  '/floor/alarms': AlarmsScreen,
  '/floor/directory': DirectoryScreen,
  '/floor/notify': NotifyScreen,
  '/floor/timers': TimersScreen,
  '/floor/log': DayLogScreen,
};

/** The dispatch floor's screens beside the console (issue 24 point 2): each opened from the command line (HELP lists them). */
export function FloorPage({ me }: { me: Me }) {
  const path = usePath();
  const reference = useReference(me.user.username);
  const Screen = SCREENS[path];
  if (Screen && !reference) return <FloorFrame id="floor" title="Dispatch floor" clause="81A §B–§H"><p className="loading">Loading…</p></FloorFrame>;
  if (Screen && reference) return <FloorReference.Provider value={reference}><ReferenceBanner missing={reference.missing} /><Screen me={me} /></FloorReference.Provider>;
  return (
    <FloorFrame id="floor" title="Dispatch floor" clause="81A §B–§H">
      <p>Each screen opens from the console’s command line (F2) with its command; Escape comes back.</p>
      <ul className="floor-menu">
        {FLOOR_SCREENS.map((s) => (
          <li key={s.path}><a href={s.path} onClick={(e) => { e.preventDefault(); navigate(s.path); }}>{s.label}</a> — <kbd>{s.command}</kbd></li>
        ))}
      </ul>
    </FloorFrame>
  );
}
