# Duban — English
# Messages are HTML (Telegram parse mode); variables are escaped before they arrive here.

## Errors
errors-internal = Sorry, something went wrong while handling that message. It has been logged; please try again later.
errors-unknown-command = There is no such command. Send /help to see what you can use.
errors-not-allowed = Sorry, you are not allowed to use /{ $command }. Ask the committee office if you need it.
errors-wrong-place = /{ $command } cannot be used here. Use it in: { $places }.
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
unit-ambiguous = “{ $name }” matches several units: { $candidates }. Please be more specific.
committee-unknown = No committee called “{ $name }”. Send /committees to see them all.
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
start-group-bound = Hello! This is <b>Duban</b>. This group is { $chat } { $unit }. Send /help to see the commands.

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
bind-done-unit = Bound: this group is now the group of <b>{ $unit }</b>.
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
