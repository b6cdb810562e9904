/** Notes and tasks: the app's request → HubSpot property bags (docs/hubspot.md §4.6). */

export function toNoteProperties(bodyHtml: string, timestamp: Date): Record<string, string> {
  return { hs_note_body: bodyHtml, hs_timestamp: timestamp.toISOString() };
}

export function toTaskProperties(task: { subject: string; body: string; dueAt: Date; ownerId?: string }): Record<string, string> {
  return {
    hs_task_subject: task.subject,
    hs_task_body: task.body,
    // hs_timestamp is the task's due date (required by HubSpot).
    hs_timestamp: task.dueAt.toISOString(),
    hs_task_status: 'NOT_STARTED',
    hs_task_type: 'TODO',
    ...(task.ownerId ? { hubspot_owner_id: task.ownerId } : {}),
  };
}
