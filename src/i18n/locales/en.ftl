# Duban — English
# Messages are HTML (Telegram parse mode); variables are escaped before they arrive here.

## Errors
errors-internal = Sorry, something went wrong while handling that message. It has been logged; please try again later.
errors-unknown-command = There is no such command. Send /help to see what you can use.
errors-not-allowed = Sorry, you are not allowed to use /{ $command }. Ask the committee office if you need it.
errors-wrong-place = /{ $command } cannot be used here. Use it in: { $places }.
errors-button-not-allowed = Only the unit’s liaisons or the office admins can use this button.
errors-bad-args = The arguments are not right.

## Places and roles
place-private = a private chat
place-unit = a unit group
place-leadership = the leadership group
place-admin = the office group
place-unbound = a group not bound yet
list-separator = , 
role-admin = office admin
role-leader = leader
role-liaison = liaison
role-member = member
unit-kind-department = County departments
unit-kind-township = Townships, subdistricts and zones
unit-kind-leader = County leaders
unit-kind-district = Districts
unit-kind-grid = Grids
unit-kind-other = Other units

## Names people type
unit-unknown = No unit called “{ $name }”. Send /units to see them all.
unit-unknown-closest = No unit called “{ $name }”. Did you mean: { $closest }?
unit-ambiguous = “{ $name }” matches several units: { $candidates }. Please be more specific.
committee-unknown = No committee called “{ $name }”. Send /committees to see them all.
committee-unknown-closest = No committee called “{ $name }”. Did you mean: { $closest }?
committee-ambiguous = “{ $name }” matches several committees: { $candidates }. Please be more specific.
member-unknown = I don't know { $who } yet. Ask them to say something in a group with me, or send me /start privately, then try again.
member-no-target = Name the person with @username, or reply to one of their messages with the command.

## /start
cmd-start-description = Start using the Duban bot
cmd-start-usage = Usage: /start
start-private = Hello, { $name }! This is <b>Duban</b>, the task-tracking assistant of the county Eco-Environment Protection Committee.
    Your role: { $role }.
    Send /help to see the commands you can use.
start-group-unbound = Hello! This is <b>Duban</b>. This group is not bound to a unit yet: an office admin can send /bind followed by the unit's name.
start-group-bound = Hello! This is <b>Duban</b>. This group is the { $chat }. Send /help to see the commands.
start-group-unit = Hello! This is <b>Duban</b>. This group is the unit group of { $unit }. Send /help to see the commands.
actor-system = System

## /help
cmd-help-description = Show the commands you can use
cmd-help-usage = Usage: /help [command], e.g. /help bind
args-help-command = Write a command name, e.g. /help bind.
help-heading = <b>Commands</b> (role: { $role }; here: { $place })
help-footer = Send /help followed by a command to see how to use it.
help-unknown-command = There is no command /{ $command } that you can use here.

## /whoami
cmd-whoami-description = Show my role, my unit and this chat's binding
cmd-whoami-usage = Usage: /whoami
whoami-person = Name: { $name } (id { $id })
whoami-role = Role: { $role }
whoami-unit = Unit: { $unit }
whoami-no-unit = Unit: none
whoami-chat-unit = This chat: the group of { $unit }
whoami-chat = This chat: { $place }

## /lang
cmd-lang-description = Change language (中文 / English)
cmd-lang-usage = Usage: /lang zh or /lang en
args-lang = Choose zh (中文) or en (English).
lang-done = OK, I will speak English with you from now on.

## /units and /committees
cmd-units-description = List all units and their chain of responsibility
cmd-units-usage = Usage: /units
units-empty = There are no units yet. The office needs to import the organisation.
units-title = <b>Units</b> ({ $count } in all)
units-heading = <b>{ $kind }</b> ({ $count })
units-line = • { $name } ({ $alias }) head: { $head }; reports to: { $parent }; { $bound }
units-bound = group bound
units-unbound = no group
cmd-committees-description = List the 14 professional committees
cmd-committees-usage = Usage: /committees
committees-empty = There are no committees yet. The office needs to import the organisation.
committees-title = <b>Professional committees</b> ({ $count } in all)
committees-line = { $n }. <b>{ $short }</b> — { $name } (office: { $office })

## /bind and /unbind
cmd-bind-description = Bind this group to a unit, the leadership or the office
cmd-bind-usage = Usage: /bind unit-name | /bind leadership | /bind admin
args-bind-target = Write the unit's name, or leadership, or admin.
bind-not-in-group = Only a group can be bound.
bind-done-unit = Bound: this group is the unit group of <b>{ $unit }</b>.
bind-done-leadership = Bound: this is now the <b>leadership group</b>; it gets the daily digest and escalations.
bind-done-admin = Bound: this is now the <b>office group</b>; it gets approvals and alert roll-calls.
bind-moved = (previously: { $before })
cmd-unbind-description = Remove this group's binding
cmd-unbind-usage = Usage: /unbind
unbind-done = This group is no longer bound to “{ $before }”.
unbind-not-bound = This group is not bound.

## /grant and /revoke
cmd-grant-description = Give someone a role (admin, leader, liaison)
cmd-grant-usage = Usage: /grant @username role [unit], or reply to their message with /grant role [unit]. Roles: admin, leader, liaison, member
args-grant-role = Write a role: admin, leader, liaison or member.
grant-liaison-needs-unit = A liaison belongs to one unit: add the unit's name at the end, or send the command in that unit's group.
grant-configured-admin = { $name } is an admin by configuration; their role cannot be changed here.
grant-done = Done: { $name } is now { $role }.
grant-done-unit = Done: { $name } is now { $role } of { $unit }.
cmd-revoke-description = Take someone's role away
cmd-revoke-usage = Usage: /revoke @username, or reply to their message with /revoke
args-revoke-person = Name the person with @username or a numeric id, or reply to their message.
revoke-done = { $name } no longer has a role; they are a member now.

## Tasks: shared words
task-status-open = not started
task-status-in_progress = in progress
task-status-done = awaiting verification
task-status-closed = closed
task-status-cancelled = cancelled
task-role-lead = lead
task-role-cooperating = cooperating
extension-status-pending = pending
extension-status-approved = approved
extension-status-denied = denied
task-overdue = { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue
task-due-today = due today
task-days-left = { $days ->
        [one] 1 day
       *[other] { $days } days
    } left
task-part-done = finished
task-part-done-late = finished { $days ->
        [one] 1 day
       *[other] { $days } days
    } late
task-progress-quota = { $done }/{ $quota } { $measure } done ({ $ratio })
task-progress-percent = { $ratio } done
task-progress-none = no report yet
task-line = { $light } <b>{ $code }</b> { $title } · { $committee } · due { $due } ({ $deadline }) · { $progress }
task-unknown = There is no task { $code }. Send /tasks to see the list.
task-not-assigned = Task { $code } is not assigned to this unit.
task-not-your-unit = You can only report for your own unit.
task-which-unit = Send this in your unit's group, or ask the office to make you a liaison of a unit.
task-is-closed = Task { $code } is closed. To go on, the office can send /reopen { $code }.
task-is-cancelled = Task { $code } is cancelled.
task-not-done = Task { $code } has not been reported done, so it cannot be verified yet.
task-not-reopenable = Task { $code } is neither closed nor cancelled; there is nothing to reopen.
task-already-done = Task { $code } was already reported done and is waiting for the office to verify it.
task-lead-office = { $unit } is the task force's office and cannot lead a task. Have the unit doing the work lead it; the office follows it up.
task-needs-one-lead = A task needs exactly one lead unit.
task-unit-twice = A unit cannot appear twice in one task.
task-due-in-past = The deadline { $date } has already passed.
task-bad-quota = A quota must be a positive number.
errors-not-allowed-action = Sorry, only office admins can do that.
args-task-code = Write a task id such as T12 (you wrote “{ $token }”).
args-text-too-long = That text is too long: { $max ->
        [one] 1 character
       *[other] { $max } characters
    } at most.
args-bad-date = “{ $text }” is not a date I can read. Write e.g. 12-05, 2026-12-05, tomorrow, next friday or end of month.

## /tasks, /task, /missing
cmd-tasks-description = List tasks (a unit's own in its group)
cmd-tasks-usage = Usage: /tasks [overdue | committee | unit]; leaders may add mine for the units they oversee: /tasks overdue mine
args-tasks-filter = Give one filter only: overdue, a committee or a unit.
tasks-legend = 🔴 overdue · 🟡 due within { $yellowDays ->
        [one] 1 day
       *[other] { $yellowDays } days
    } · 🟢 on track · ✅ done
tasks-heading = <b>Tasks</b>: { $count } · 🔴 { $red } · 🟡 { $yellow }
tasks-empty = No open tasks.
tasks-page = Page { $page }/{ $pages }
tasks-previous = ◀ Previous
tasks-next = Next ▶
tasks-unknown-filter = “{ $text }” is neither a committee nor a unit. Use overdue, a committee or a unit.
tasks-mine-not-leader = “mine” lists the units you oversee; it is for leaders granted with a post. Leave it out, or name a unit.
cmd-task-description = Show a task with its whole history
cmd-task-usage = Usage: /task T12
detail-title = <b>{ $code } { $title }</b>
detail-meta = Committee: { $committee } · Status: { $status } · { $light } { $deadline } · due { $due }
detail-description = Notes: { $text }
detail-units = <b>Units</b>
detail-unit-line = • { $light } { $unit } ({ $role }) { $due }{ $state } · { $progress } { $done }{ $override }
detail-unit-due = due { $due }{" "}
detail-unit-done = ✔ reported done { $at }
detail-unit-override = {" "}· marked done by the office: { $reason }
detail-reports = <b>Reports</b> ({ $count })
detail-none = (none)
detail-report-line = • R{ $id } { $at } { $unit } { $who }: { $value } { $note } { $evidence }{ $change }
detail-report-withdrawn = {" "}(withdrawn{ $reason })
detail-report-corrected = {" "}(corrected{ $reason })
detail-report-reason = : { $reason }
detail-extensions = <b>Extension requests</b>
detail-extension-line = • { $unit }: { $from } → { $to } { $status } ({ $reason })
detail-trail = <b>History</b>
detail-trail-line = • { $at } { $who }: { $action }{ $detail }
detail-trail-due = : { $unit } deadline { $from } → { $to }{ $reason }
detail-trail-due-task = : task deadline { $from } → { $to } (moved with it: { $units }){ $reason }
detail-trail-reason = ; reason: { $reason }
detail-trail-override = : { $unit }, marked done by the office; reason: { $reason }
detail-trail-report-corrected = : R{ $id } { $unit } { $from } → { $to }{ $reason }
detail-trail-report-withdrawn = : R{ $id } { $unit } { $from }{ $reason }
audit-task-create = created the task
audit-task-report = reported progress
audit-task-report-withdrawn = withdrew a report
audit-task-report-corrected = corrected a report
audit-task-part-done = reported their unit's part done
audit-task-done = reported the task done (lead unit)
audit-task-extend-request = asked for an extension
audit-task-extend-approved = approved an extension
audit-task-extend-denied = denied an extension
audit-task-close = verified and closed
audit-task-reject = sent it back
audit-task-reopen = reopened
audit-task-cancel = cancelled
audit-task-edit = edited the task
audit-task-import-update = Updated by the imported list
cmd-missing-description = Units that have not reported for a while
cmd-missing-usage = Usage: /missing
missing-none = Every unit has reported within { $days ->
        [one] 1 day
       *[other] { $days } days
    }.
missing-heading = <b>Units silent for { $days ->
        [one] 1 day
       *[other] { $days } days
    } or more</b>
missing-committee = <b>{ $committee }</b>
missing-unit = • { $unit }: { $tasks }

## /report
cmd-report-description = Report progress on a task (a photo may go with it)
cmd-report-usage = Usage: /report T12 amount [note], or /report T12 60% [note]. Put the command in a photo's caption, or send it as a reply to a photo.
args-report-value = Write the amount done (e.g. 5) or a percentage (e.g. 60%).
args-report-target = Write a task id (T12: your unit's last report on it) or a report number (R57, as /task shows) (you wrote “{ $token }”).
args-correct = Write the task id or report number and the right amount, e.g. /correct T12 3 typo.
args-report-negative = The amount cannot be negative.
args-report-percent = A percentage cannot exceed 100%.
report-needs-percent = Task { $code } has no quota: report a percentage, e.g. /report { $code } 60%.
report-needs-amount = Task { $code } has a quota of { $quota } { $measure }: report the amount done, e.g. /report { $code } 2.
report-over-quota = That is more than the quota: { $code } is { $quota } { $measure } for this unit, { $remaining } { $measure } remain.
report-done = Recorded: { $code } { $unit } { $value }
report-duplicate = { $code }: your unit sent exactly the same report within { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }; it was not counted again. If this is a new one, press "Count it again".
report-duplicate-confirm-button = ✅ Count it again
report-duplicate-cancel-button = ✖ Do not count
report-duplicate-dropped = Not counted again.
correct-office-only = Only the office withdraws or corrects a report by its number; a liaison uses /undo T12 or /correct T12 amount for the unit's last report.
correct-needs-reason = The office must give a reason to withdraw or correct a report.
correct-unknown-report = There is no report R{ $id } in force.
correct-nothing = Your unit has no report on { $code } to withdraw or correct.
correct-part-done = Your unit reported { $code } done; its reports can no longer be withdrawn or corrected. Ask the office.
correct-window-passed = Your unit's last report on { $code } is more than { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } old and can no longer be withdrawn or corrected. Ask the office.
correct-withdrawn = Withdrawn: report R{ $id } of { $unit } on { $code } ({ $value }); it no longer counts.
correct-corrected = Corrected: report R{ $id } of { $unit } on { $code }, { $from } is now { $to }.
cmd-undo-description = Withdraw your unit's last report
cmd-undo-usage = Usage: /undo T12 [reason] withdraws your unit's last report on T12 (within the set hours of sending, 24 by default). The office: /undo R57 reason.
cmd-correct-description = Correct your unit's last report
cmd-correct-usage = Usage: /correct T12 amount [reason] corrects your unit's last report on T12 (within the set hours of sending, 24 by default). The office: /correct R57 amount reason. Report numbers are in /task.
report-total-quota = Total { $done }/{ $quota } { $measure }
report-total-percent = Progress now { $ratio }%
report-evidence-kept = 📷 { $count ->
        [one] 1 piece
       *[other] { $count } pieces
    } of evidence kept.
report-no-evidence = Tip: a photo can go with the report as evidence (put the command in its caption).
report-nothing-open = This unit has no task to report on.
report-pick = Choose the task to report on:
report-prompt = Reply to this message with the amount or percentage done on { $code }, and a note.
report-prompt-placeholder = e.g. 3 inspected and accepted

## /done
cmd-done-description = Report your unit's part of a task done
cmd-done-usage = Usage: /done T12 [note]. A part with its quota unmet cannot be reported done; the office can send /done T12 force reason to accept it (quota unmet, or cooperating units not done).
args-done-override-reason = Forcing a task done needs a reason.
done-override-admin-only = Only office admins can force a task done.
done-part-already = { $unit } already reported { $code } done.
done-blocked = { $code } cannot be reported done yet: cooperating units { $units } have not reported their parts done.
done-quota-unmet = { $code } cannot be reported done yet: { $unit } has { $done }/{ $quota }{ $measure }, { $remaining }{ $measure } to go. If it must be accepted as done, the office can send /done { $code } force reason.
done-finished = ✅ Reported done: { $code } { $title }. The office will verify and close it.
done-part = Recorded: { $unit } finished its part of { $code }.
done-office-notice = ✅ <b>{ $code } { $title }</b> was reported done by the lead unit { $unit }. Verify it: /close { $code }, or /reject { $code } reason.

## /extend
cmd-extend-description = Ask for a deadline extension
cmd-extend-usage = Usage: /extend T12 new-date reason, e.g. /extend T12 2026-12-10 equipment not delivered
args-extend = Write the task id, the new date and a reason.
extend-not-later = The new date must be later than the current deadline { $due }.
extend-pending = { $code } already has an extension request waiting.
extend-unknown = That extension request does not exist.
extend-decided = That extension request has already been decided.
extend-requested = Asked to extend { $code } to { $to }; the office will decide.
extend-approve-button = ✅ Approve
extend-deny-button = ✖ Deny
extend-office-request = ⏳ <b>Extension request</b> { $code } { $title }
    Unit: { $unit } ({ $who })
    Deadline: { $from } → { $to }
    Reason: { $reason }
extend-office-approved = ✅ Approved by { $who }: in { $code }, { $unit } is now due { $to }; the other units keep their deadlines.
extend-office-denied = ✖ { $who } denied the extension of { $code }: { $reason }. { $unit } has been told.
extend-unit-approved = ✅ The extension of { $code } { $title } was approved; { $unit } is now due { $to }.
extend-unit-denied = ✖ The extension of { $code } { $title } was denied; the deadline stays { $from }.
    Reason: { $reason }
extend-deny-prompt = Reply to this message with the reason for denying the extension of { $code } (the unit will be told).
extend-deny-placeholder = Reason for the denial
extend-deny-reason-needed = A denial needs a reason.
args-extend-deny-reason = A denial needs a reason: reply to the prompt above with it.

## /close, /reject, /reopen, /cancel
cmd-close-description = Verify and close a task
cmd-close-usage = Usage: /close T12 [note] (several at once: T16-T18 or T16 T17)
close-done = ✅ Closed: { $code } { $title }
close-unit-notice = ✅ { $code } { $title } was verified and closed.
cmd-reject-description = Send a task reported done back
cmd-reject-usage = Usage: /reject T12 reason
args-reject-reason = Sending a task back needs a reason.
reject-done = Sent { $code } back. Reason: { $reason }
reject-unit-notice = ↩️ { $code } { $title } was sent back; please continue. Reason: { $reason }
cmd-reopen-description = Reopen a closed or cancelled task
cmd-reopen-usage = Usage: /reopen T12 [reason] (several at once: T16-T18 or T16 T17)
reopen-done = Reopened { $code }.
reopen-unit-notice = 🔁 { $code } { $title } was reopened. Reason: { $reason }
cmd-cancel-description = Cancel a task
cmd-cancel-usage = Usage: /cancel T12 reason (several at once: T16-T18, T16 T17 or T16,T17)
args-cancel-reason = Cancelling a task needs a reason.
cancel-done = Cancelled { $code }.
cancel-unit-notice = { $code } { $title } was cancelled. Reason: { $reason }
cancel-units-notice = Cancelled ({ $count ->
        [one] 1 task
       *[other] { $count } tasks
    }):
close-units-notice = ✅ Verified and closed ({ $count ->
        [one] 1 task
       *[other] { $count } tasks
    }):
reopen-units-notice = 🔁 Reopened ({ $count ->
        [one] 1 task
       *[other] { $count } tasks
    }):
args-task-range-reversed = The range { $from }-{ $to } is reversed: write { $to }-{ $from }.
args-task-codes-too-many = At most { $max ->
        [one] 1 task
       *[other] { $max } tasks
    } at once: please send them in batches.
tasks-unknown = There is no task { $codes }; nothing was changed. Send /tasks to see the list.
verdict-verb-cancel = cancel
verdict-verb-close = close
verdict-verb-reopen = reopen
verdict-reason = Reason: { $reason }
verdict-batch-preview = Please confirm: { $verb } { $count ->
        [one] 1 task
       *[other] { $count } tasks
    } listed below. Nothing changes until you confirm.
verdict-batch-will = Will { $verb } { $count ->
        [one] 1 task
       *[other] { $count } tasks
    }:
verdict-batch-line = { $code } { $title }
verdict-batch-skips = Left as they are ({ $count }):
verdict-batch-skip-line = { $code } { $title } ({ $why })
verdict-skip-task-is-closed = closed already
verdict-skip-task-is-cancelled = cancelled already
verdict-skip-task-not-done = not reported done yet
verdict-skip-task-not-reopenable = neither closed nor cancelled
verdict-batch-nothing = None of these tasks needs to { $verb }; nothing was changed.
verdict-batch-confirm-button = ✔ Confirm: { $verb }
verdict-batch-drop-button = ✖ Drop
verdict-batch-dropped = Dropped; no task was changed.
verdict-past-cancel = Cancelled
verdict-past-close = Closed
verdict-past-reopen = Reopened
verdict-batch-done = { $past } { $count ->
        [one] 1 task
       *[other] { $count } tasks
    }: { $codes }
verdict-batch-done-skipped = Left as they were ({ $count }): { $codes }

## /edit
cmd-edit-description = Edit a task
cmd-edit-usage = Usage: /edit T12 field: value. Fields: title, due, note, measure, committee, quota (e.g. quota: 城关镇=5, 王庄镇=7). due: 12月15日 [reason] moves the task and every unit still on its deadline; due: 城关镇=12月15日 [reason] moves that unit only.
args-edit = Write the task id and the change, e.g. /edit T12 due: 2026-12-15
edit-done = Changed the { $field } of { $code }.
edit-quota-not-assigned = Quotas can only be set for units assigned to { $code }.
edit-field-title = title
edit-field-due = deadline
edit-field-description = notes
edit-field-measure = measure
edit-field-committee = committee
edit-field-quota = quotas

## /newtask
cmd-newtask-description = Create a task
cmd-newtask-usage = Usage: /newtask title | committee: 水 | lead: 生态环境局 | with: 城关镇, 王庄镇 | due: 2026-11-30 | quota: 城关镇=5, 王庄镇=7 村 | note: …
args-newtask-title = Start with the task's title.
args-newtask-field = I don't understand “{ $field }”. Write fields as “name: value”, separated by |.
args-newtask-repeated = “{ $field }” is given twice.
args-newtask-quota = The quota “{ $item }” should look like unit=number, e.g. 城关镇=5.
args-newtask-missing = A required field is missing: { $field } (committee, lead and due are required).
newtask-intro = Write a whole task on one line; you confirm before it is saved:
newtask-quota-unassigned = { $unit } has a quota but is neither the lead nor a cooperating unit.
newtask-preview-heading = Please confirm the task to save:
newtask-preview-title = <b>{ $title }</b>
newtask-preview-meta = Committee: { $committee } · Due: { $due }
newtask-preview-unit = • { $unit } ({ $role }) quota: { $quota }
newtask-save-button = ✅ Save
newtask-cancel-button = ✖ Cancel
newtask-saved = ✅ Saved as <b>{ $code }</b>; the units have been told.
newtask-cancelled = ✖ Cancelled, nothing saved.
button-stale = This button no longer works; send the command again.
draft-gone = This draft was already handled or has expired; please send the command again.
draft-not-yours = Only the person who started this draft can confirm it.
task-new-unit-notice = 📌 <b>New task { $code }</b> { $title }
    Committee: { $committee } · Lead unit: { $lead } · Due: { $due }
    Send /task { $code } for details, /report { $code } to report progress.

## /import and /export
cmd-import-description = Import the key-task list (Excel or CSV)
cmd-import-usage = Usage: send me an .xlsx or .csv file with /import as its caption, or reply to the file with /import. /import template gets the template.
args-import = The only word allowed is template (to get the template).
import-needs-file = Send the list together with the command (caption /import), or reply to the file with /import.
import-too-big = That file is too large (10 MB at most).
import-template-caption = Key-task list template: one row per task, or one row per unit a task is split over.
import-rejected = ❌ The list has { $count ->
        [one] 1 problem
       *[other] { $count } problems
    }; no task was imported. Please fix them and send it again:
import-error-line = Row { $row } “{ $column }”: { $message }
import-more-errors = …and { $count } more.
import-error-row = Row { $row }: { $message }
import-preview-heading = 📋 <b>Import preview</b>: { $file }
import-applied = ✅ <b>Imported</b>: { $file }
import-counts = { $added } new · { $updated } updated · { $unchanged } unchanged · { $rejected } rejected
import-section-rejected = ❌ Rejected (not imported), by sheet row:
import-section-added = 🆕 New, by sheet row:
import-section-updated = 🔄 Updated, by sheet row:
import-section-unchanged = ➖ Unchanged: rows #{ $rows }
import-line-rejected = • #{ $rows } { $title }
import-line-added = • #{ $rows } { $title } (lead: { $lead }, due { $due })
import-line-created = • #{ $rows } <b>{ $code }</b> { $title } (lead: { $lead }, due { $due })
import-line-updated = • #{ $rows } <b>{ $code }</b> { $title }: { $changes }
import-more = …and { $count } more.
import-change-due = deadline { $from } → { $to }
import-change-committee = committee { $from } → { $to }
import-change-description = description changed
import-change-measure = measure { $from } → { $to }
import-change-quota = { $unit } quota { $from } → { $to }
import-change-unit-added = { $unit } added as cooperating unit
import-change-unit-removed = { $unit } removed
import-task-ambiguous = There are several open tasks with this title ({ $codes }); cancel the duplicates first.
import-task-done = { $code } was reported done and awaits verification, so the list cannot change it; send it back with /reject { $code } first.
import-unit-has-work = { $unit } has reports, a done or an extension on { $code }; the list cannot remove it.
import-confirm-hint = Confirm to write this and tell the units' groups; rejected rows are not imported.
import-confirm-button = ✅ Import
import-cancel-button = ✖ Cancel
import-cancelled = ✖ Cancelled; “{ $file }” was not imported.
import-nothing-to-do = The list matches the tasks as they are: nothing to import.
import-nothing-importable = Nothing in the list can be imported; please fix it and send it again.
import-told = Told { $groups ->
        [one] 1 unit group
       *[other] { $groups } unit groups
    }.
import-told-later = It is quiet hours: { $groups ->
        [one] 1 unit group
       *[other] { $groups } unit groups
    } will be told at { $time }.
import-told-none = No unit group needed telling.
import-unit-notice-heading = 📌 <b>The key-task list was updated</b>: { $added } new and { $changed } changed for your unit.
import-unit-notice-added = • New task <b>{ $code }</b> { $title } ({ $role }, lead: { $lead }, due { $due }{ $quota })
import-unit-notice-quota = , quota { $quota }
import-unit-notice-changed = • <b>{ $code }</b> { $title }: { $changes }
import-unit-notice-removed = • <b>{ $code }</b> { $title }: no longer your unit's
import-unit-notice-hint = Send /tasks for your unit's tasks, /report to report progress.
sheet-unreadable = That file cannot be read; send an .xlsx or .csv file (save an old .xls as .xlsx).
sheet-empty = The file has no tasks.
sheet-too-many-rows = { $count ->
        [one] 1 row
       *[other] { $count } rows
    } is too many: { $max } at most.
sheet-missing-column = The column “{ $column }” is missing.
sheet-duplicate-column = Same column as “{ $column }”; keep only one.
sheet-required = Required.
sheet-too-long = Too long: { $max ->
        [one] 1 character
       *[other] { $max } characters
    } at most.
sheet-bad-date = “{ $text }” is not a valid date.
sheet-past-date = The deadline { $date } has already passed (today is { $today }).
sheet-bad-quota = The quota “{ $text }” must be a positive number.
sheet-quota-without-unit = For a task over several rows, put each quota on its unit's row (分解单位).
sheet-duplicate-unit = “{ $unit }” appears twice in this task.
sheet-lead-cooperating = The lead unit “{ $unit }” cannot also be a cooperating unit.
sheet-conflict = Disagrees with row { $first } of the same task; it says “{ $expected }”.
cmd-export-description = Export the task ledger and problems (Excel)
cmd-export-usage = Usage: /export
export-caption = Task ledger ({ $date })
ledger-light-red = red
ledger-light-yellow = yellow
ledger-light-green = green
ledger-light-done = finished
ledger-light-cancelled = cancelled
ledger-generated = Generated
ledger-time-zone = Time zone

## /newtask, step by step
guided-ask-title = Reply to this message with the task's title; then pick the committee, the units and the deadline with buttons.
guided-title-placeholder = Task title
guided-title = New task: <b>{ $title }</b>
guided-committee = Committee: { $committee }
guided-lead = Lead unit: { $unit }
guided-with = Cooperating: { $units }
guided-step-committee = Step 1: choose the committee
guided-step-lead = Step 2: choose the lead unit
guided-step-with = Step 3: choose cooperating units (any number, or none), then press “Next”
guided-step-due = Step 4: choose the deadline (another date or quotas can be set with /edit after saving)
guided-next = Next ▶

## Morning reminders, escalation
reminder-title = ⏰ <b>{ $unit }: today's reminders</b> ({ $date })
reminder-committee = <b>{ $committee }</b>
reminder-line = { $light } <b>{ $code }</b> { $title } · { $deadline } · { $progress }{ $stale }
reminder-stale = · ⚠️ no report for { $days }+ days
reminder-legend = 🔴 overdue · 🟡 due within { $yellowDays ->
        [one] 1 day
       *[other] { $yellowDays } days
    } · ⚪ not yet due, but silent for { $days ->
        [one] a day
       *[other] { $days } days
    } or more
reminder-footer = Send /report task-id amount to report progress, /task task-id for details.
escalation-leadership = the county leadership
escalation-up = ⬆️ <b>Escalation (level { $level })</b>
    Task <b>{ $code }</b> { $title } of { $unit } is { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue and now goes to { $to }.
escalation-unit-notice = ⬆️ Task <b>{ $code }</b> { $title } is { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue and has been escalated to { $to }. Please act and report.
audit-task-escalate = escalated as overdue
audit-task-escalation-reset = escalation lifted

## Daily digest
digest-title = 📊 <b>Eco-environment daily digest</b> ({ $date })
digest-completion = Completion { $completion }{ $change } ({ $finished } of { $tasks ->
        [one] 1 task
       *[other] { $tasks } tasks
    } finished)
digest-on-time = On time { $onTime }{ $change } ({ $onTimeCount } of { $due } unit parts due)
digest-lights = 🔴 overdue { $red }{ $redChange } · 🟡 due soon { $yellow }{ $yellowChange }
digest-since-yesterday = yesterday
digest-since-date = { $month }/{ $day }
digest-change-count = { " " }({ $delta } since { $since })
digest-change-count-none = { " " }(unchanged since { $since })
digest-change-points = , { $delta } pts since { $since }
digest-change-points-none = , unchanged since { $since }
digest-no-previous = First digest: nothing to compare with yet.
digest-none = —
digest-newly-overdue = 🆕 <b>Newly overdue</b>: { $tasks }
digest-newly-overdue-task = { $code } { $title } ({ $units })
digest-newly-closed = ✅ <b>Closed yesterday</b>: { $tasks }
digest-newly-closed-since = ✅ <b>Closed since { $month }/{ $day }</b>: { $tasks }
digest-laggards = <b>Furthest behind</b>
digest-laggard-line = { $rank }. { $unit }: { $overdue } overdue, { $days ->
        [one] 1 day
       *[other] { $days } days
    } in all{ $change }
digest-laggard-part = · { $code } { $title }: { $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue, { $progress }
digest-laggard-more = · { $count } more overdue
digest-headline-tasks = <b>Headline quota tasks</b> (done/quota)
digest-headline-task = { $code } { $title }: { $done }/{ $quota } { $measure } in all
digest-headline-unit = { $unit } { $done }/{ $quota }
digest-headline-unit-overdue = 🔴{ $unit } { $done }/{ $quota }
digest-headline-unit-finished = ✅{ $unit } { $done }/{ $quota }
digest-committees = <b>Committees</b>
digest-committee-line = • { $committee }: { $tasks ->
        [one] 1 task
       *[other] { $tasks } tasks
    }, { $finished } finished, 🔴 { $red }, 🟡 { $yellow }
digest-departments = <b>Departments</b> (outcome score)
digest-townships = <b>Townships</b> (outcome score)
digest-rank-line = { $rank }. { $unit } { $score } (on time { $onTime }/{ $due })
digest-not-ranked = Not ranked (fewer than { $min ->
        [one] 1 part
       *[other] { $min } parts
    } due): { $units }
digest-footer = Scores count outcomes only: work due earns full credit on time and { $perDay } less per day late (at least { $floor } once finished), open problems cost points; a unit is ranked once { $min } of its parts are due.
digest-chart-subtitle = As of { $date }; units with { $min } or more parts due, scored on outcomes
digest-chart-townships = Townships by outcome score { $date }
digest-chart-departments = Departments by outcome score { $date }
digest-points = pts

## Weekly bulletin
bulletin-title = 📢 <b>Bulletin</b>
bulletin-number = { $year }, no. { $number }
bulletin-number-draft = { $year }, no. __ (numbered when published)
bulletin-issuer = The committee office
bulletin-issuer-line = { $issuer }
bulletin-date = { $year }-{ $month }-{ $day }
bulletin-day = { $month }/{ $day }
bulletin-section-completed = <b>1. Work completed</b> ({ $from } to { $to })
bulletin-completed-intro = { $parts ->
        [one] 1 unit's part
       *[other] { $parts } units' parts
    } completed, { $closed ->
        [one] 1 task
       *[other] { $closed } tasks
    } closed.
bulletin-completed-none = Nothing was completed or closed in this period.
bulletin-done-task = { $code } { $title }
bulletin-closed = • <b>Closed</b>: { $tasks }
bulletin-completed-more = …and { $tasks } more completed by { $units ->
        [one] 1 more unit
       *[other] { $units } more units
    }, not listed here.
bulletin-section-overdue = <b>2. Overdue work</b>
bulletin-overdue-none = No work is overdue.
bulletin-intro = { $tasks ->
        [one] 1 task
       *[other] { $tasks } tasks
    } of { $units ->
        [one] 1 unit
       *[other] { $units } units
    } are overdue:
bulletin-unit = • <b>{ $unit }</b>: { $tasks }
bulletin-task = { $code } { $title } ({ $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue)
bulletin-unit-more = … ({ $count } in all)
bulletin-section-ranking = <b>3. Ranking by outcome</b>
bulletin-ranking-townships = Townships: { $units }
bulletin-ranking-departments = Departments: { $units }
bulletin-rank = { $rank }. { $unit } { $score } pts
bulletin-ranking-none = Nothing has come due yet: no ranking.
bulletin-section-problems = <b>4. Environmental problems</b>
bulletin-closing = The units above are to remedy this at once and report to the committee office.
bulletin-more = …and { $tasks } overdue tasks of { $units } more units and { $problems } more problems not listed here: see /tasks overdue and /problems open.

## /digest, /schedule, /pause, /away, /bulletin
cmd-digest-description = Make the daily digest now
cmd-digest-usage = Usage: /digest sends it to the leadership group; /digest preview sends it only to you
args-digest = The only word allowed is preview.
digest-no-leadership = No leadership group is bound yet. Send /bind leadership in it.
digest-preview-private = The preview went to you privately. (Not there? Send /start to the bot in a private chat first.)
digest-again-ask = A digest went out { $minutes ->
        [one] a minute
       *[other] { $minutes } minutes
    } ago. Send it again?
digest-again-send = Send again
digest-again-skip = Don't send
digest-again-skipped = All right, not sent again.
hint-report = Did you mean <code>{ $line }</code>?
hint-report-button = ✅ Report it
hint-ignore-button = Ignore
hint-import = Got “{ $file }”. Import it as a task list?
hint-import-button = 📥 Import
hint-not-yours = This hint is for the person who sent the message.
alert-leader-status-only = Leaders can follow the roll-call with /alert status; the office sends and lifts alerts.
digest-sent = The digest went to { $count ->
        [one] 1 leadership group
       *[other] { $count } leadership groups
    }.
cmd-schedule-description = Show or change when the bot speaks on its own
cmd-schedule-usage = Usage: /schedule to show; /schedule reminders 08:00 (reminders, escalations, digest, bulletin)
args-schedule = Write a job (reminders, escalations, digest, bulletin) and a time.
args-schedule-time = Write the time as 8:00, 08:30 or 8:30am.
schedule-title = <b>Schedule</b>
schedule-changed = ✅ Changed. <b>Schedule</b>
schedule-line = • { $job }: { $time }
schedule-job-reminders = Morning reminders
schedule-job-escalations = Escalations
schedule-job-digest = Leadership digest
schedule-job-bulletin = Weekly bulletin (Mondays)
schedule-workdays = Reminders and digests only on official working days (make-up workdays included).
schedule-every-day = Reminders and digests every day.
schedule-quiet = Quiet hours: { $from }–{ $to }
cmd-pause-description = Pause a unit's morning reminders
cmd-pause-usage = Usage: /pause unit until-date; /pause unit off to resume
args-pause = Write the unit and a date, e.g. /pause 城关镇 12-05.
pause-done = { $unit }'s morning reminders are paused until { $until } (its tasks still count in the digest).
pause-off = { $unit }'s morning reminders are back on.
cmd-away-description = Not be named in reminders while on leave
cmd-away-usage = Usage: /away until-date; /away off
args-away = Write a date, e.g. /away 12-05, or /away off.
away-done = OK: reminders will not name you until { $until }.
away-off = Welcome back: reminders will name you again.
cmd-bulletin-description = Draft a bulletin (通报)
cmd-bulletin-usage = Usage: /bulletin
bulletin-nothing = Nothing was completed, is overdue or waits to be put right: there is nothing to bulletin.
bulletin-draft-footer = —— This is a draft. To change its text, reply to this message (your reply replaces the text; the title, number and signature are added). Publishing sends it to the leadership group and every unit group.
bulletin-publish-button = 📢 Publish
bulletin-discard-button = ✖ Discard
bulletin-published = ✅ { $who } published bulletin { $year }, no. { $number }, to { $count ->
        [one] 1 chat
       *[other] { $count } chats
    }.
bulletin-already-published = This bulletin was already published ({ $year }, no. { $number }); it is not sent again.
bulletin-discarded = ✖ { $who } discarded this draft.
bulletin-edit-how = To edit a bulletin draft, reply to the draft message: your reply becomes its text.
bulletin-edit-empty = The reply is empty; the draft is unchanged.
bulletin-edit-too-long = The edited bulletin would be too long ({ $length } of at most { $max ->
        [one] 1 character
       *[other] { $max } characters
    }); the draft is unchanged. Shorten it and reply again.
audit-schedule-set = changed the schedule
delivery-failed = ⚠️ Messages cannot be delivered to chat { $chat }: { $description }. The bot may have been removed from it; please check and bind it again.
newtask-quota-twice = The quota of { $unit } is given twice.

## Problems
cmd-problem-description = Report an environmental problem (fire point, dust, complaint, inspection finding), or show one's trace
cmd-problem-usage = Usage: /problem alone to report step by step with buttons; or in one line: /problem fire | unit: 城关镇 | where: 王庄村东 | found: city | due: 2026-12-03 | note: … (with a photo, or replying to a photo or a location); /problem P7 shows its trace
cmd-problems-description = List environmental problems
cmd-problems-usage = Usage: /problems [open | fixed | closed | all] [kind] [unit]
cmd-fixed-description = Report a problem rectified (with an after photo)
cmd-fixed-usage = Usage: send the after photo with the caption /fixed P7 what was done (or reply to the photo)
cmd-verify-description = Verify a rectified problem and close it
cmd-verify-usage = Usage: /verify P7 [note]; to send it back: /reject P7 reason
args-problem-kind-missing = Start with the kind of problem: fire, dust, complaint, inspection or other.
args-problem-kind = “{ $word }” is not a kind of problem. Use fire (straw burning), dust, complaint, inspection or other.
args-problem-field = “{ $field }” is not understood. Fields: unit, where, found, due, note.
args-problem-repeated = “{ $field }” is given twice.
args-problem-empty-field = “{ $field }” has nothing after it.
args-problem-found = “{ $word }” is not a level. Use county, city, province or central.
args-problem-code = Please give a problem number, like P7.
args-problems-filter = At most three filters: a status, a kind, a unit.
problem-kind-fire = Fire point
problem-kind-dust = Dust
problem-kind-complaint = Complaint
problem-kind-inspection = Inspection finding
problem-kind-other = Other problem
problem-found-county = found by the county
problem-found-city = found by the city
problem-found-province = found by the province
problem-found-central = found by central inspectors
problem-status-open = to rectify
problem-status-fixed = rectified, awaiting verification
problem-status-closed = closed
problem-due = due { $due }
problem-due-overdue = due { $due } ({ $days ->
        [one] 1 day
       *[other] { $days } days
    } overdue)
problem-due-today = due { $due } (today)
problem-due-left = due { $due } ({ $days ->
        [one] 1 day
       *[other] { $days } days
    } left)
problem-coordinates = at { $lat }, { $lon }
problem-line = { $icon } <b>{ $code }</b> { $kind } · { $unit } · { $where } · { $found } · { $deadline } · { $status }
problem-summary-title = { $icon } <b>{ $code } { $kind }</b> · responsible: { $unit }
problem-summary-where = Where: { $where }
problem-summary-found = { $found } · rectification { $deadline }
problem-summary-note = Details: { $text }
problem-detail-status = Status: { $status }
problem-detail-evidence = Evidence: { $before } before, { $after } after
problem-detail-trail = <b>Trace</b>
problem-trail-line = • { $at } { $who }: { $action }{ $text }{ $photos }
problem-trail-text = ({ $text })
problem-audit-create = reported the problem
problem-audit-fix = reported it rectified
problem-audit-verify = verified and closed it
problem-audit-reject = sent it back
problem-audit-escalate = overdue and not rectified: escalated (level { $level }, to { $to })
problem-audit-escalation-reset = escalation lifted
problem-escalation-up = ⬆️ <b>Escalation (level { $level })</b>
    { $unit }'s problem <b>{ $code }</b> ({ $kind }, { $where }) is { $days ->
        [one] 1 day
       *[other] { $days } days
    } past its rectification deadline; now escalated to { $to }.
problem-escalation-unit-notice = ⬆️ Problem <b>{ $code }</b> ({ $kind }, { $where }) is { $days ->
        [one] 1 day
       *[other] { $days } days
    } past its rectification deadline and has been escalated to { $to }. Please put it right, then send /fixed { $code } with an after photo.
reminder-problems = <b>Problems to rectify</b> ({ $count })
reminder-problem-line = { $light } <b>{ $code }</b> { $kind } · { $where } · { $deadline }
reminder-problems-footer = Once rectified, send a photo captioned /fixed problem-number what was done.
bulletin-problems = <b>Problems not yet rectified</b>: { $count }, { $overdue } of them overdue
bulletin-problem-line = • <b>{ $unit }</b>: { $code } { $kind } · { $where } · { $found } · { $deadline }
problem-guided-title = 🆕 <b>Report a problem</b>
problem-guided-kind = Kind: { $kind }
problem-guided-found = Found by: { $found }
problem-guided-unit = Responsible unit: { $unit }
problem-guided-due = Deadline: { $due }
problem-guided-step-kind = Pick the kind of problem:
problem-guided-step-found = Who found it? (finds by higher levels cost more points)
problem-guided-step-unit = Pick the responsible unit:
problem-guided-step-due = Pick the rectification deadline:
problem-guided-step-where = Last step: reply to the prompt below with the place.
problem-guided-default-due = { $date } (default)
problem-guided-prompt = Reply to this message: the place first, then a space and a note; you may send a captioned photo, or just send a location.
problem-guided-placeholder = e.g. East of Wangzhuang, straw burning
problem-guided-where-missing = No place yet. Reply to the prompt above with the place, or send a location.
problem-guided-cancelled = Cancelled; nothing was reported.
problem-create-not-allowed = Sorry, only the office, leaders and unit liaisons can report problems.
problem-not-your-unit = A liaison can only act on their own unit's problems.
problem-due-in-past = The deadline { $date } has already passed.
problem-unit-kind = { $unit } is not a department or a township and cannot be responsible for a problem.
problem-unknown = There is no problem { $code }. Send /problems to see the list.
problem-cannot-fix-fixed = { $code } was already reported rectified and awaits the office's verification.
problem-cannot-fix-closed = { $code } is closed; nothing to rectify.
problem-cannot-verify-open = { $code } has not been reported rectified yet and cannot be closed.
problem-cannot-verify-closed = { $code } is already closed.
problem-cannot-reject-open = { $code } has not been reported rectified; there is nothing to send back.
problem-cannot-reject-closed = { $code } is closed and cannot be sent back.
problem-fixed-needs-photo = Reporting { $code } rectified needs an after photo: send a photo captioned /fixed { $code } what was done, or reply to one with the command.
problem-changed = { $code } was just changed by someone else; send /problem { $code } to see where it stands.
problem-which-unit = Please name the responsible unit, like | unit: 城关镇.
problem-where-missing = Please say where (| where: 王庄村东), or send the command as a reply to a location.
problem-created = ✅ Problem <b>{ $code }</b> recorded.
problem-evidence-kept = { $count ->
        [one] 1 photo
       *[other] { $count } photos
    } kept.
problem-no-evidence = No photo attached (reply to a photo to add one).
problem-unit-told = { $unit }'s group has been told.
problem-unit-told-later = It is quiet hours: { $unit }'s group will be told at { $time }.
problem-unit-no-group = ⚠️ { $unit } has no bound group; nobody was told.
problem-unit-notice = 🚨 <b>New problem { $code }: please rectify at once</b>
problem-unit-notice-photos = { $count ->
        [one] 1 photo
       *[other] { $count } photos
    } from the site; send /problem { $code } to see it.
problem-unit-notice-hint = Once rectified, send an after photo captioned /fixed { $code } what was done.
problem-fixed-done = ✅ { $code } reported rectified; waiting for the office to verify and close it.
problem-fixed-office = 🛠 <b>{ $unit } reports { $code } rectified</b> ({ $who })
problem-fixed-note = What was done: { $text }
problem-fixed-photos = { $count ->
        [one] 1 after photo
       *[other] { $count } after photos
    }.
problem-fixed-hint = To close it send /verify { $code }; to send it back /reject { $code } reason.
problem-rejected-unit = ↩️ Problem <b>{ $code }</b> ({ $kind }) failed verification; please keep rectifying. Reason: { $reason }. Deadline { $due }.
problem-rejected-done = Sent { $code } back to { $unit }. Reason: { $reason }
problem-closed-unit = ✅ Problem <b>{ $code }</b> ({ $kind }, { $where }) was verified and closed.
problem-closed-done = ✅ Closed: { $code } ({ $unit })
problems-unknown-filter = “{ $text }” is neither a status, a kind of problem nor a unit.
problems-heading = <b>Problems</b>: { $count }, { $overdue } overdue and not rectified
problems-empty = No problems match.
problems-more = …and { $count } more.
problems-footer = Send /problem with its number to see its whole trace.

## Alerts
cmd-alert-description = Issue a heavy-pollution alert and take the roll-call
cmd-alert-usage = Usage: /alert level [townships | departments | all | committee:name] text (level: blue, yellow, orange, red); /alert status for the roll-call; /alert close lifts the latest alert; /alert ack unit by phone records a confirmation taken another way
args-alert-empty = Please give the alert level and its text.
args-alert-extra = This command takes nothing after it, not “{ $text }”.
args-alert-level = “{ $text }” is not an alert level: write blue, yellow, orange or red (蓝色、黄色、橙色、红色).
args-alert-committee-empty = Please name the committee after “committee:”.
args-alert-text = Please write the alert's text.
args-alert-too-long = The alert text is too long: { $max ->
        [one] 1 character
       *[other] { $max } characters
    } at most.
args-alert-control = The alert text contains control characters that cannot be shown.
alert-committee-unknown = There is no committee called “{ $name }”. Send /committees to see them.
alert-committee-ambiguous = “{ $name }” matches several committees; please write the full name.
alert-no-groups = No unit in that range has a bound group yet; the alert was not sent.
alert-level-blue = blue
alert-level-yellow = yellow
alert-level-orange = orange
alert-level-red = red
alert-message-title = { $icon } <b>Heavy-pollution alert, { $level }</b> (no. { $id })
alert-message-resend = ⏰ <b>Reminder { $send }: your unit has not acknowledged yet</b>
alert-message-footer = Start the emergency response now and confirm with the button below.
alert-acked-line = ✅ Acknowledged: { $who } { $time }
alert-ack-button = Received, response started
alert-refresh-button = Refresh roll-call
alert-rollcall-title = { $icon } <b>Alert no. { $id } ({ $level }) · roll-call</b> (issued { $time })
alert-rollcall-open = { $acked }/{ $total ->
        [one] 1 unit
       *[other] { $total } units
    } acknowledged
alert-rollcall-closed = Lifted ({ $time }); { $acked }/{ $total ->
        [one] 1 unit
       *[other] { $total } units
    } acknowledged
alert-rollcall-waiting = <b>Not acknowledged ({ $count })</b>
alert-rollcall-waiting-line = • { $unit } (sent { $sends ->
        [one] 1 time
       *[other] { $sends } times
    })
alert-rollcall-waiting-escalated = • { $unit } (sent { $sends ->
        [one] 1 time
       *[other] { $sends } times
    }, escalated)
alert-rollcall-acked = <b>Acknowledged ({ $count })</b>
alert-rollcall-acked-line = • { $unit }: { $who } { $time } ({ $minutes } min)
alert-rollcall-updated = Updated { $time }; send /alert status or press Refresh for the latest.
alert-escalated = ⚠️ <b>Alert no. { $id } ({ $level }): { $count ->
        [one] 1 unit
       *[other] { $count } units
    } still silent after { $sends ->
        [one] 1 send
       *[other] { $sends } sends
    }</b>, escalated to { $to }: { $units }
alert-escalated-office = ⚠️ Alert no. { $id } ({ $level }): { $units } still silent after { $sends ->
        [one] 1 send
       *[other] { $sends } sends
    }; escalated up their chain.
alert-none = No alert has been issued yet.
alert-none-open = No alert is open.
alert-closed = ✅ Alert no. { $id } lifted; no more reminders.
alert-lifted = ✅ Alert no. { $id } ({ $level }) has been lifted.
alert-sent = 📢 Alert no. { $id } ({ $level }) sent to { $groups ->
        [one] 1 group
       *[other] { $groups } groups
    } of { $units ->
        [one] 1 unit
       *[other] { $units } units
    }. Send /alert status for the roll-call.
alert-sent-unreached = { $count ->
        [one] 1 more unit has
       *[other] { $count } more units have
    } no bound group and got nothing: { $units }
alert-rollcall-unreached = <b>Not reached (no bound group) ({ $count })</b>
alert-ack-not-target = This alert does not belong to this group, or no longer exists.
alert-ack-not-member = Sorry, only people of { $unit } can acknowledge for it.
alert-ack-closed = This alert has been lifted; no need to acknowledge.
alert-ack-already = Your unit was already acknowledged by { $who } at { $time }.
alert-ack-thanks = Acknowledged: { $unit }
cmd-preview-description = Preview what the bot will send on its own on a day
cmd-preview-usage = Usage: /preview tomorrow; /preview 2026-12-07 08:45 (only what goes out by then)
args-preview = Give a date, e.g. /preview tomorrow or /preview 2026-12-07, and optionally a time such as 08:45.
preview-title = <b>What the bot will send on { $date }</b>
preview-no-jobs = No scheduled job runs that day (not a working day, or outside the set times).
preview-job = • { $time } { $job }: { $messages ->
    [0] nothing
    [one] 1 message to { $chats ->
        [one] 1 chat
       *[other] { $chats ->
        [one] 1 chat
       *[other] { $chats } chats
    }
    }
   *[other] { $messages } messages to { $chats ->
        [one] 1 chat
       *[other] { $chats ->
        [one] 1 chat
       *[other] { $chats } chats
    }
    }
  }
preview-footer = A preview: nothing was sent or recorded. Each message in full is in the attached file.
preview-message-head = { $time } { $job } → { $chat }
preview-photo = [picture]
preview-job-reminders = Morning reminders
preview-job-escalations = Escalations
preview-job-digest = Leadership digest
preview-job-bulletin = Weekly bulletin (draft to the office)
preview-chat-private = { $name } (private)
preview-chat-unknown = chat { $chat }

## Group robots (WeCom, DingTalk, Feishu)
robot-kind-wecom = WeCom
robot-kind-dingtalk = DingTalk
robot-kind-feishu = Feishu
robot-owner-leadership = the leadership group
robot-owner-office = the office
robot-more = … and { $count } more; see Telegram or ask the office.
robot-continued = { $title } (part { $part })
robot-chart-link = View the chart
robot-buttons-in-telegram = This is acted on in the office's Telegram group.
alert-message-footer-robot = Start the response now. A robot message cannot be acknowledged by a button: press it in the unit's Telegram group, or call the office.
alert-rollcall-waiting-robot = • { $unit } (delivered { $sends ->
        [one] 1 time
       *[other] { $sends } times
    } by { $robots }; to be confirmed in Telegram or by phone)
robot-failed = ⚠️ The { $kind } robot of { $whose } ({ $robot }) refuses messages: { $reason }. Nothing more is sent to it; check its address and secret, then import the organisation file again.
cmd-robots-description = The WeCom, DingTalk and Feishu group robots and their deliveries
cmd-robots-usage = Usage: /robots lists every robot; /robots test unit sends a test message to that unit's robots (or leadership, office)
args-robots = Write /robots, or /robots test unit, e.g. /robots test 城关镇.
robots-none = No group robots are configured. Add robots: to the units in the organisation file, then run npm run org:import.
robots-none-for = { $whose } has no group robots.
robots-title = <b>Group robots</b> ({ $count })
robots-line = • { $whose } · { $kind } · { $robot } · last delivered { $sent }
robots-never = never
robots-error = 　last error ({ $time }): { $error }
robots-error-failing = 　⚠️ stopped ({ $time }): { $error }
robots-test-message = 🔔 Duban test message: the group robot of { $whose } works (sent by { $who }).
robots-test-sent = A test message went to { $count ->
        [one] 1 robot
       *[other] { $count } robots
    } of { $whose }; see /robots for the deliveries.
args-alert-ack = Write the unit and how it confirmed, e.g. /alert ack 城关镇 by phone.
args-alert-ack-too-long = At most { $max ->
        [one] 1 character
       *[other] { $max } characters
    } for how it confirmed.
alert-ack-hand-not-target = { $unit } is not among the latest alert's units.
alert-ack-hand-already = { $unit } was confirmed by { $who } at { $time }.
alert-ack-hand-done = ✅ { $unit } recorded as having received the alert ({ $note }); the roll-call follows.

## Who sees what
role-stranger = no role yet
access-how-to = This bot is for the county Eco-Environment Protection Committee and its member units. You have no role yet, so you can use only /start, /help, /whoami and /lang.
    To be given a role, send the id that /whoami shows to the committee office; an office admin will grant it.
access-hidden = This cannot be shown here: a unit's group shows its own unit's work only, and a person sees their own unit's work only.
access-task-hidden = Task { $code } cannot be shown here: it is not this unit's.
access-problem-hidden = Problem { $code } cannot be shown here: it is not this unit's.
grant-member-needs-unit = A member belongs to one unit: add the unit's name at the end, or send the command in that unit's group.

## Chats joining, leaving and moving
chat-bot-added = Hello! This is <b>Duban</b>, the task-tracking assistant of the county Eco-Environment Protection Committee: reminders, progress reports and bulletins.
    This group is not bound yet. Only an office admin can bind it: send /bind followed by the unit's name, or /bind leadership, /bind admin.
chat-bot-removed-office = ⚠️ The bot was removed from “{ $title }” ({ $binding }); its binding is now inactive and nothing more will be sent there. To restore it, add the bot to the group again and send /bind.
chat-liaison-left-office = ⚠️ { $name }, liaison of { $unit }, left the unit's group “{ $title }”. Please check whether the unit needs a new liaison.
chat-migrated-office = “{ $title }” became a supergroup; its binding, pending messages and alert list moved to the new chat (id { $to }).
anonymous-admin-hint = You are writing as an anonymous group admin, so the bot cannot tell who you are. Please turn anonymity off and write as yourself.
place-unit-of = the group of { $unit }
