import { PROCTOR_ACTION_LABELS, type ProctorAction } from '@exam/contracts';

/** The invigilator's actions as the room console offers them. */

/** actions on selected candidates, in the action bar's order (start_room is the header's 开考) */
export const CANDIDATE_ACTIONS = [
  'check_in',
  'admit',
  'pause',
  'resume',
  'extra_time',
  'move_seat',
  'unlock',
  'warn',
  'force_submit',
  'void',
] as const satisfies readonly ProctorAction[];

/** short button labels; the dialogs use PROCTOR_ACTION_LABELS */
export const ACTION_BUTTON_LABELS: Record<ProctorAction, string> = {
  ...PROCTOR_ACTION_LABELS,
  move_seat: '换座',
  void: '取消成绩',
};

/** cannot be undone: the dialog asks for an explicit confirmation */
export const DESTRUCTIVE_ACTIONS: readonly ProctorAction[] = ['force_submit', 'void'];
