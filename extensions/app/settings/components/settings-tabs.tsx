import type { ReactNode } from 'react';
import { SplitRulesTab } from './split-rules-tab';
import { PairingsTab } from './pairings-tab';
import { ProgramTab } from './program-tab';
import { NotificationsTab } from './notifications-tab';
import { PayoutsTab } from './payouts-tab';
import { AccountMappingTab } from './account-mapping-tab';
import type { SettingsTabProps } from './settings-tab-props';
import { DisputesTab } from './disputes-tab';

export interface SettingsTab {
  /** Stable id, used by `Tabs` and by tests. */
  id: string;
  /** What partner ops read on the tab. */
  title: string;
  render: (props: SettingsTabProps) => ReactNode;
}

// One entry per feature's tab, in the order partner ops see them. A feature adds its tab
// component in its own file and one line here.
export const settingsTabs: SettingsTab[] = [
  { id: 'split-rules', title: 'Split rules', render: (props) => <SplitRulesTab {...props} /> },
  { id: 'disputes', title: 'Disputes', render: (props) => <DisputesTab {...props} /> },
  { id: 'pairings', title: 'Pairings', render: (props) => <PairingsTab {...props} /> },
  { id: 'program', title: 'Program', render: (props) => <ProgramTab {...props} /> },
  { id: 'notifications', title: 'Notifications', render: (props) => <NotificationsTab {...props} /> },
  { id: 'payouts', title: 'Payouts', render: (props) => <PayoutsTab {...props} /> },
  { id: 'account-mapping', title: 'Account mapping', render: (props) => <AccountMappingTab {...props} /> },
];
