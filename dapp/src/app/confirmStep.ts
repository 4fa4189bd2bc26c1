/**
 * The two-click confirmation of an irreversible action (ui.tsx `ConfirmButton`): the first click
 * asks, the second confirms (and runs it once), cancel goes back. Pure, so it is unit-tested.
 */
export type ConfirmEvent = 'ask' | 'confirm' | 'cancel';

/** Whether the confirmation is showing after `event`. */
export function armedAfter(event: ConfirmEvent): boolean {
  return event === 'ask';
}

/** Whether `event` in this state runs the action: only a confirmation that was asked for. */
export function runsAction(armed: boolean, event: ConfirmEvent): boolean {
  return armed && event === 'confirm';
}
