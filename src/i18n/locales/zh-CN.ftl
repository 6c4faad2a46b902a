# Duban 督办 — 简体中文（默认）
# Messages are HTML (Telegram parse mode); variables are escaped before they arrive here.

## Errors
errors-internal = 抱歉，处理这条消息时出了问题。已记录，请稍后再试。
errors-unknown-command = 没有这个命令。发送 /help 查看可用命令。
errors-not-allowed = 抱歉，您没有使用 /{ $command } 的权限。如需开通，请联系生态委办公室。
errors-wrong-place = /{ $command } 不能在这里使用，请在{ $places }中使用。
errors-bad-args = 参数有误。

## Places and roles
place-private = 私聊
place-unit = 单位工作群
place-leadership = 领导群
place-admin = 办公室工作群
place-unbound = 未绑定的群
list-separator = 、
role-admin = 办公室管理员
role-leader = 领导
role-liaison = 联络员
role-member = 成员
unit-kind-department = 县直部门
unit-kind-township = 乡镇（街道、开发区）
unit-kind-leader = 县领导
unit-kind-district = 管区
unit-kind-grid = 网格
unit-kind-other = 其他单位

## Names people type
unit-unknown = 找不到单位「{ $name }」。发送 /units 查看全部单位。
unit-ambiguous = 「{ $name }」对应多个单位：{ $candidates }。请写得更完整一些。
committee-unknown = 找不到专委会「{ $name }」。发送 /committees 查看全部专委会。
committee-ambiguous = 「{ $name }」对应多个专委会：{ $candidates }。请写得更完整一些。
member-unknown = 还不认识 { $who }。请对方先在群里说一句话或私聊机器人发送 /start，再试一次。
member-no-target = 请用 @用户名 指明对象，或回复对方的消息再发送命令。

## /start
cmd-start-description = 开始使用督办机器人
cmd-start-usage = 用法：/start
start-private = 您好，{ $name }！这里是<b>督办</b>，县生态环境保护委员会的任务督办助手。
    您当前的身份：{ $role }。
    发送 /help 查看您可以使用的命令。
start-group-unbound = 您好！这里是<b>督办</b>。本群尚未绑定单位，请办公室管理员发送 /bind 单位名称 完成绑定。
start-group-bound = 您好！这里是<b>督办</b>。本群是{ $chat }{ $unit }。发送 /help 查看可用命令。

## /help
cmd-help-description = 查看可用命令
cmd-help-usage = 用法：/help [命令名]，例如 /help bind
args-help-command = 请写命令名，例如 /help bind。
help-heading = <b>可用命令</b>（身份：{ $role }；位置：{ $place }）
help-footer = 发送 /help 命令名 查看某个命令的用法。
help-unknown-command = 这里没有您可用的命令 /{ $command }。

## /whoami
cmd-whoami-description = 查看我的身份、单位和本群绑定
cmd-whoami-usage = 用法：/whoami
whoami-person = 姓名：{ $name }（ID { $id }）
whoami-role = 身份：{ $role }
whoami-unit = 所属单位：{ $unit }
whoami-no-unit = 所属单位：无
whoami-chat-unit = 本群：{ $unit } 单位工作群
whoami-chat = 本群：{ $place }

## /lang
cmd-lang-description = 切换语言（中文 / English）
cmd-lang-usage = 用法：/lang zh 或 /lang en
args-lang = 请选择 zh（中文）或 en（English）。
lang-done = 好的，今后用中文和您交流。

## /units and /committees
cmd-units-description = 查看全部单位及责任链
cmd-units-usage = 用法：/units
units-empty = 还没有任何单位。请办公室导入组织架构。
units-title = <b>单位一览</b>（共 { $count } 个）
units-heading = <b>{ $kind }</b>（{ $count }）
units-line = • { $name }（{ $alias }）负责人：{ $head }；上级：{ $parent }；{ $bound }
units-bound = 已绑定群
units-unbound = 未绑定群
cmd-committees-description = 查看 14 个专业委员会
cmd-committees-usage = 用法：/committees
committees-empty = 还没有任何专业委员会。请办公室导入组织架构。
committees-title = <b>专业委员会</b>（共 { $count } 个）
committees-line = { $n }. <b>{ $short }</b> — { $name }（办公室：{ $office }）

## /bind and /unbind
cmd-bind-description = 把本群绑定到单位、领导群或办公室
cmd-bind-usage = 用法：/bind 单位名称 ｜ /bind leadership（领导群）｜ /bind admin（办公室群）
args-bind-target = 请写要绑定的单位名称，或 leadership、admin。
bind-not-in-group = 只能在群里绑定。
bind-done-unit = 已绑定：本群是 <b>{ $unit }</b> 的单位工作群。
bind-done-leadership = 已绑定：本群是<b>领导群</b>，将收到每日简报和升级提醒。
bind-done-admin = 已绑定：本群是<b>办公室工作群</b>，将收到审批和预警回执。
bind-moved = （原绑定：{ $before }）
cmd-unbind-description = 解除本群的绑定
cmd-unbind-usage = 用法：/unbind
unbind-done = 已解除本群与「{ $before }」的绑定。
unbind-not-bound = 本群没有绑定。

## /grant and /revoke
cmd-grant-description = 授予成员身份（管理员、领导、联络员）
cmd-grant-usage = 用法：/grant @用户名 身份 [单位]；或回复对方消息发送 /grant 身份 [单位]。身份：admin 管理员、leader 领导、liaison 联络员、member 成员
args-grant-role = 请写身份：admin、leader、liaison 或 member。
grant-liaison-needs-unit = 联络员必须属于一个单位：请在命令末尾写单位名称，或在该单位的工作群里发送。
grant-configured-admin = { $name } 是配置文件中的管理员，不能在这里更改身份。
grant-done = 已设置：{ $name } 现在是{ $role }。
grant-done-unit = 已设置：{ $name } 现在是 { $unit } 的{ $role }。
cmd-revoke-description = 取消成员身份
cmd-revoke-usage = 用法：/revoke @用户名；或回复对方消息发送 /revoke
args-revoke-person = 请用 @用户名 或数字 ID 指明对象，或回复对方的消息。
revoke-done = 已取消 { $name } 的身份，现在是普通成员。
