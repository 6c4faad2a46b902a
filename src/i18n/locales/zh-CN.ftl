# Duban 督办 — 简体中文（默认）
# Messages are HTML (Telegram parse mode); variables are escaped before they arrive here.

## Errors
errors-internal = 抱歉，处理这条消息时出了问题。已记录，请稍后再试。
errors-unknown-command = 没有这个命令。发送 /help 查看可用命令。
errors-not-allowed = 抱歉，您没有使用 /{ $command } 的权限。如需开通，请联系生态委办公室。
errors-wrong-place = /{ $command } 不能在这里使用，请在{ $places }中使用。
errors-button-not-allowed = 此按钮仅限相关单位联络员或办公室管理员操作。
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
unit-unknown-closest = 找不到单位「{ $name }」。您要找的是不是：{ $closest }？
unit-ambiguous = 「{ $name }」对应多个单位：{ $candidates }。请写得更完整一些。
committee-unknown = 找不到专委会「{ $name }」。发送 /committees 查看全部专委会。
committee-unknown-closest = 找不到专委会「{ $name }」。您要找的是不是：{ $closest }？
committee-ambiguous = 「{ $name }」对应多个专委会：{ $candidates }。请写得更完整一些。
member-unknown = 还不认识{ $who }。请对方先在群里说一句话或私聊机器人发送 /start，再试一次。
member-no-target = 请用 @用户名 指明对象，或回复对方的消息再发送命令。

## /start
cmd-start-description = 开始使用督办机器人
cmd-start-usage = 用法：/start
start-private = 您好，{ $name }！这里是<b>督办</b>，县生态环境保护委员会的任务督办助手。
    您当前的身份：{ $role }。
    发送 /help 查看您可以使用的命令。
start-group-unbound = 您好！这里是<b>督办</b>。本群尚未绑定单位，请办公室管理员发送 /bind 单位名称 完成绑定。
start-group-bound = 您好！这里是<b>督办</b>。本群是{ $chat }。发送 /help 查看可用命令。
start-group-unit = 您好！这里是<b>督办</b>。本群是{ $unit }的单位工作群。发送 /help 查看可用命令。
actor-system = 系统

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
whoami-chat-unit = 本群：{ $unit }的单位工作群
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
bind-done-unit = 已绑定：本群是<b>{ $unit }</b>的单位工作群。
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
grant-configured-admin = { $name }是配置文件中的管理员，不能在这里更改身份。
grant-done = 已设置：{ $name }现在是{ $role }。
grant-done-unit = 已设置：{ $name }现在是{ $unit }的{ $role }。
cmd-revoke-description = 取消成员身份
cmd-revoke-usage = 用法：/revoke @用户名；或回复对方消息发送 /revoke
args-revoke-person = 请用 @用户名 或数字 ID 指明对象，或回复对方的消息。
revoke-done = 已取消{ $name }的身份，现在是普通成员。

## Tasks: shared words
task-status-open = 未开始
task-status-in_progress = 进行中
task-status-done = 待核验
task-status-closed = 已销号
task-status-cancelled = 已取消
task-role-lead = 牵头
task-role-cooperating = 配合
extension-status-pending = 待审批
extension-status-approved = 已批准
extension-status-denied = 未批准
task-overdue = 逾期 { $days } 天
task-due-today = 今天到期
task-days-left = 还有 { $days } 天
task-part-done = 已完成
task-part-done-late = 已完成（逾期 { $days } 天）
task-progress-quota = 已完成 { $done }/{ $quota }{ $measure }（{ $ratio }）
task-progress-percent = 进度 { $ratio }
task-progress-none = 尚未汇报
task-line = { $light } <b>{ $code }</b> { $title } · { $committee } · 时限 { $due }（{ $deadline }）· { $progress }
task-unknown = 没有任务 { $code }。发送 /tasks 查看任务列表。
task-not-assigned = 任务 { $code } 没有分配给这个单位。
task-not-your-unit = 您只能为自己所在的单位汇报。
task-which-unit = 请在本单位的工作群里发送，或请办公室把您设为某个单位的联络员。
task-is-closed = 任务 { $code } 已销号。如需继续，请办公室发送 /reopen { $code }。
task-is-cancelled = 任务 { $code } 已取消。
task-not-done = 任务 { $code } 还没有报告完成，不能核验。
task-not-reopenable = 任务 { $code } 没有销号或取消，无需重新打开。
task-already-done = 任务 { $code } 已报告完成，等待办公室核验。
task-lead-office = { $unit }是生态委办公室，不能作为牵头单位。请由承办单位牵头，办公室负责督办。
task-needs-one-lead = 每个任务必须有且只有一个牵头单位。
task-unit-twice = 同一个单位不能在一个任务里出现两次。
task-due-in-past = 完成时限 { $date } 已经过去了。
task-bad-quota = 目标数量必须是正数。
errors-not-allowed-action = 抱歉，只有办公室管理员可以这样做。
args-task-code = 请写任务编号，例如 T12（您写的是「{ $token }」）。
args-text-too-long = 文字太长了，最多 { $max } 个字。
args-bad-date = 「{ $text }」不是有效日期。可写 12月5日、12.5、20261205、明天、下周五、月底。

## /tasks, /task, /missing
cmd-tasks-description = 查看任务（本单位群里看本单位的）
cmd-tasks-usage = 用法：/tasks ［overdue 逾期 ｜ 专委会 ｜ 单位］；领导可加 mine 只看分管单位，如 /tasks overdue mine
args-tasks-filter = 请只写一个筛选条件：overdue、专委会名称或单位名称。
tasks-legend = 🔴 已逾期　🟡 { $yellowDays } 天内到期　🟢 进度正常　✅ 已完成
tasks-heading = <b>任务</b>共 { $count } 项 · 🔴 { $red } · 🟡 { $yellow }
tasks-empty = 没有待办任务。
tasks-page = 第 { $page }/{ $pages } 页
tasks-previous = ◀ 上一页
tasks-next = 下一页 ▶
tasks-unknown-filter = 「{ $text }」既不是专委会也不是单位。可写 overdue、专委会或单位名称。
tasks-mine-not-leader = mine 只看分管单位，限有分管岗位的领导使用。请去掉 mine，或写单位名称。
cmd-task-description = 查看任务详情和全部记录
cmd-task-usage = 用法：/task T12
detail-title = <b>{ $code } { $title }</b>
detail-meta = 专委会：{ $committee } · 状态：{ $status } · { $light } { $deadline } · 完成时限 { $due }
detail-description = 说明：{ $text }
detail-units = <b>责任单位</b>
detail-unit-line = • { $light } { $unit }（{ $role }）{ $due }{ $state } · { $progress } { $done }{ $override }
detail-unit-due = 时限 { $due }{" "}
detail-unit-done = ✔ 已报完成 { $at }
detail-unit-override = {" "}· 办公室认定完成：{ $reason }
detail-reports = <b>汇报记录</b>（{ $count } 条）
detail-none = （无）
detail-report-line = • R{ $id } { $at } { $unit }（{ $who }）：{ $value } { $note } { $evidence }{ $change }
detail-report-withdrawn = （已撤回{ $reason }）
detail-report-corrected = （已更正{ $reason }）
detail-report-reason = ：{ $reason }
detail-extensions = <b>延期申请</b>
detail-extension-line = • { $unit }：{ $from } → { $to } { $status }（{ $reason }）
detail-trail = <b>操作记录</b>
detail-trail-line = • { $at } { $who }：{ $action }{ $detail }
detail-trail-due = ：{ $unit }完成时限 { $from } → { $to }{ $reason }
detail-trail-due-task = ：任务完成时限 { $from } → { $to }（随同调整：{ $units }）{ $reason }
detail-trail-reason = ，理由：{ $reason }
detail-trail-override = ：{ $unit }，办公室认定完成，理由：{ $reason }
detail-trail-report-corrected = ：R{ $id } { $unit } { $from } → { $to }{ $reason }
detail-trail-report-withdrawn = ：R{ $id } { $unit } { $from }{ $reason }
audit-task-create = 创建任务
audit-task-report = 汇报进度
audit-task-report-withdrawn = 撤回汇报
audit-task-report-corrected = 更正汇报
audit-task-part-done = 报告本单位部分完成
audit-task-done = 牵头单位报告完成
audit-task-extend-request = 申请延期
audit-task-extend-approved = 批准延期
audit-task-extend-denied = 驳回延期申请
audit-task-close = 核验销号
audit-task-reject = 驳回
audit-task-reopen = 重新打开
audit-task-cancel = 取消任务
audit-task-edit = 修改任务
audit-task-import-update = 按清单导入更新
cmd-missing-description = 查看长时间未汇报的单位
cmd-missing-usage = 用法：/missing
missing-none = 所有单位在 { $days } 天内都有汇报。
missing-heading = <b>{ $days } 天以上未汇报的单位</b>
missing-committee = <b>{ $committee }</b>
missing-unit = • { $unit }：{ $tasks }

## /report
cmd-report-description = 汇报任务进度（可附照片）
cmd-report-usage = 用法：/report T12 数量 [说明]，或 /report T12 60% [说明]。可把照片的说明写成这条命令，或回复照片发送。
args-report-value = 请写完成数量（如 5）或百分比（如 60%）。
args-report-target = 请写任务编号（如 T12，指本单位最近一条汇报）或汇报编号（如 R57，见 /task）（您写的是「{ $token }」）。
args-correct = 请写任务编号或汇报编号和正确的数量，例如 /correct T12 3 笔误。
args-report-negative = 数量不能是负数。
args-report-percent = 百分比不能超过 100%。
report-needs-percent = 任务 { $code } 没有目标数量，请用百分比汇报，例如 /report { $code } 60%。
report-needs-amount = 任务 { $code } 的目标是 { $quota }{ $measure }，请汇报完成数量，例如 /report { $code } 2。
report-over-quota = 超出目标了：{ $code } 本单位目标 { $quota }{ $measure }，还剩 { $remaining }{ $measure }。
report-done = 已记录：{ $code } { $unit } { $value }
report-duplicate = { $code } 本单位 { $minutes } 分钟内已报过完全相同的一条，未重复记录。如确是新的一次，请点“确认再记一次”。
report-duplicate-confirm-button = ✅ 确认再记一次
report-duplicate-cancel-button = ✖ 不记
report-duplicate-dropped = 未重复记录。
correct-office-only = 按编号更正或撤回汇报需由办公室操作；联络员可用 /undo 任务编号 或 /correct 任务编号 数量 处理本单位最近一条汇报。
correct-needs-reason = 办公室更正或撤回汇报时必须写明理由。
correct-unknown-report = 没有编号为 R{ $id } 的有效汇报。
correct-nothing = { $code } 本单位还没有可撤回或更正的汇报。
correct-part-done = 本单位已报告 { $code } 完成，汇报不能再撤回或更正；如有错误请联系办公室。
correct-window-passed = 本单位最近一条 { $code } 汇报已超过 { $hours } 小时，不能再撤回或更正；如有错误请联系办公室。
correct-withdrawn = 已撤回：{ $code } { $unit }的汇报 R{ $id }（{ $value }），不再计入进度。
correct-corrected = 已更正：{ $code } { $unit }的汇报 R{ $id }，{ $from } 改为 { $to }。
cmd-undo-description = 撤回本单位最近一条汇报
cmd-undo-usage = 用法：/undo T12 [理由]，撤回本单位在 T12 最近一条汇报（发送后规定时间内，默认 24 小时）。办公室：/undo R57 理由。
cmd-correct-description = 更正本单位最近一条汇报
cmd-correct-usage = 用法：/correct T12 数量 [理由]，更正本单位在 T12 最近一条汇报（发送后规定时间内，默认 24 小时）。办公室：/correct R57 数量 理由。汇报编号见 /task。
report-total-quota = 累计 { $done }/{ $quota }{ $measure }
report-total-percent = 当前进度 { $ratio }%
report-evidence-kept = 📷 已留存 { $count } 份佐证材料。
report-no-evidence = 提示：可附照片作为佐证（把命令写在照片说明里）。
report-nothing-open = 本单位没有需要汇报的任务。
report-pick = 请选择要汇报的任务：
report-prompt = 请回复本消息，写上 { $code } 的完成数量或百分比，以及说明。
report-prompt-placeholder = 例如：3 已完成验收

## /done
cmd-done-description = 报告本单位的任务完成
cmd-done-usage = 用法：/done T12 [说明]。目标数量未完成的不能报告完成；办公室可用 /done T12 强制 理由 认定完成（配合单位未完成或目标未完成时）。
args-done-override-reason = 强制确认完成时必须写明理由。
done-override-admin-only = 只有办公室管理员可以强制确认完成。
done-part-already = { $unit }已经报告过 { $code } 完成了。
done-blocked = 还不能报告 { $code } 完成：配合单位{ $units }尚未报告完成。
done-quota-unmet = 还不能报告 { $code } 完成：{ $unit }已完成 { $done }/{ $quota }{ $measure }，还差 { $remaining }{ $measure }。如确需认定完成，请办公室发送 /done { $code } 强制 理由。
done-finished = ✅ 已报告完成：{ $code } { $title }。等待办公室核验销号。
done-part = 已记录：{ $unit }完成了 { $code } 中本单位的部分。
done-office-notice = ✅ <b>{ $code } { $title }</b>已由牵头单位{ $unit }报告完成，请核验：/close { $code } 销号，或 /reject { $code } 理由 驳回。

## /extend
cmd-extend-description = 申请延期
cmd-extend-usage = 用法：/extend T12 新日期 理由，例如 /extend T12 2026-12-10 设备未到货
args-extend = 请写任务编号、新的完成日期和理由。
extend-not-later = 新日期必须晚于当前时限 { $due }。
extend-pending = { $code } 已有一个待审批的延期申请。
extend-unknown = 找不到这个延期申请。
extend-decided = 这个延期申请已经处理过了。
extend-requested = 已提交 { $code } 延期到 { $to } 的申请，等待办公室审批。
extend-approve-button = ✅ 批准
extend-deny-button = ✖ 不批准
extend-office-request = ⏳ <b>延期申请</b> { $code } { $title }
    单位：{ $unit }（{ $who }）
    时限：{ $from } → { $to }
    理由：{ $reason }
extend-office-approved = ✅ { $who }已批准：{ $code } 中{ $unit }的完成时限改为 { $to }，其他单位时限不变。
extend-office-denied = ✖ { $who }未批准 { $code } 的延期申请，理由：{ $reason }。已告知{ $unit }。
extend-unit-approved = ✅ { $code } { $title }的延期申请已批准，{ $unit }的完成时限改为 { $to }。
extend-unit-denied = ✖ { $code } { $title }的延期申请未获批准，完成时限仍为 { $from }。
    理由：{ $reason }
extend-deny-prompt = 请回复本消息，写明不批准 { $code } 延期的理由（将告知申请单位）。
extend-deny-placeholder = 不批准的理由
extend-deny-reason-needed = 不批准延期须写明理由。
args-extend-deny-reason = 不批准延期须写明理由：请回复上面的提示消息写明理由。

## /close, /reject, /reopen, /cancel
cmd-close-description = 核验并销号
cmd-close-usage = 用法：/close T12 [说明]
close-done = ✅ 已销号：{ $code } { $title }
close-unit-notice = ✅ { $code } { $title }已核验销号。
cmd-reject-description = 驳回已报完成的任务
cmd-reject-usage = 用法：/reject T12 理由
args-reject-reason = 驳回必须写明理由。
reject-done = 已驳回 { $code }，理由：{ $reason }
reject-unit-notice = ↩️ { $code } { $title }被驳回，请继续整改。理由：{ $reason }
cmd-reopen-description = 重新打开已销号或已取消的任务
cmd-reopen-usage = 用法：/reopen T12 [理由]
reopen-done = 已重新打开 { $code }。
reopen-unit-notice = 🔁 { $code } { $title }已重新打开。理由：{ $reason }
cmd-cancel-description = 取消任务
cmd-cancel-usage = 用法：/cancel T12 理由
args-cancel-reason = 取消任务必须写明理由。
cancel-done = 已取消 { $code }。
cancel-unit-notice = { $code } { $title }已取消。理由：{ $reason }

## /edit
cmd-edit-description = 修改任务
cmd-edit-usage = 用法：/edit T12 字段: 值。字段：标题、时限、说明、计量单位、专委会、目标（例如 /edit T12 目标: 城关镇=5, 王庄镇=7）。时限: 12月15日 [理由] 调整任务及仍按原时限的单位；时限: 城关镇=12月15日 [理由] 只调整该单位。
args-edit = 请写任务编号和要修改的内容，例如 /edit T12 时限: 2026-12-15
edit-done = 已修改 { $code } 的{ $field }。
edit-quota-not-assigned = 只能修改已分配单位的目标数量（{ $code }）。
edit-field-title = 标题
edit-field-due = 完成时限
edit-field-description = 说明
edit-field-measure = 计量单位
edit-field-committee = 专委会
edit-field-quota = 目标数量

## /newtask
cmd-newtask-description = 新建任务
cmd-newtask-usage = 用法：/newtask 任务名称 | 专委会: 水 | 牵头: 生态环境局 | 配合: 城关镇, 王庄镇 | 时限: 2026-11-30 | 目标: 城关镇=5, 王庄镇=7 村 | 说明: …
args-newtask-title = 请先写任务名称。
args-newtask-field = 看不懂「{ $field }」。字段写成「名称: 值」，用 | 隔开。
args-newtask-repeated = 「{ $field }」写了两次。
args-newtask-quota = 目标「{ $item }」应写成「单位=数量」，例如「城关镇=5」。
args-newtask-missing = 缺少必填字段：{ $field }（专委会 committee、牵头 lead、时限 due）。
newtask-intro = 一行写完一个任务，确认后保存：
newtask-quota-unassigned = { $unit }有目标数量，但不是牵头或配合单位。
newtask-preview-heading = 请确认要保存的任务：
newtask-preview-title = <b>{ $title }</b>
newtask-preview-meta = 专委会：{ $committee } · 完成时限：{ $due }
newtask-preview-unit = • { $unit }（{ $role }）目标：{ $quota }
newtask-save-button = ✅ 保存
newtask-cancel-button = ✖ 取消
newtask-saved = ✅ 已保存为 <b>{ $code }</b>，已通知各责任单位。
newtask-cancelled = ✖ 已取消，未保存。
button-stale = 这个按钮已失效，请重新发送命令。
draft-gone = 这条草稿已经处理过或已过期，请重新发送命令。
draft-not-yours = 只有发起人可以确认这条草稿。
task-new-unit-notice = 📌 <b>新任务 { $code }</b> { $title }
    专委会：{ $committee } · 牵头单位：{ $lead } · 完成时限：{ $due }
    发送 /task { $code } 查看详情，/report { $code } 汇报进度。

## /import and /export
cmd-import-description = 导入重点工作清单（Excel 或 CSV）
cmd-import-usage = 用法：把 .xlsx 或 .csv 文件发给我，说明写 /import；或回复文件发送 /import。/import template 获取模板。
args-import = 只能写 template（获取模板）。
import-needs-file = 请把清单文件和命令一起发送（文件说明写 /import），或回复文件发送 /import。
import-too-big = 文件太大了（最多 10 MB）。
import-template-caption = 重点工作清单模板：每行一个任务，或每个分解单位一行。
import-rejected = ❌ 清单有 { $count } 处问题，没有导入任何任务。请修改后重新发送：
import-error-line = 第 { $row } 行「{ $column }」：{ $message }
import-more-errors = ……另有 { $count } 处问题。
import-error-row = 第 { $row } 行：{ $message }
import-preview-heading = 📋 <b>清单预览</b>：{ $file }
import-applied = ✅ <b>已导入</b>：{ $file }
import-counts = 新增 { $added } 项 · 更新 { $updated } 项 · 未变 { $unchanged } 项 · 退回 { $rejected } 项
import-section-rejected = ❌ 退回（不导入）：
import-section-added = 🆕 新增：
import-section-updated = 🔄 更新：
import-section-unchanged = ➖ 未变：第 { $rows } 行
import-line-rejected = • 第 { $rows } 行「{ $title }」
import-line-added = • 第 { $rows } 行「{ $title }」（牵头：{ $lead }，时限 { $due }）
import-line-created = • 第 { $rows } 行 <b>{ $code }</b>「{ $title }」（牵头：{ $lead }，时限 { $due }）
import-line-updated = • 第 { $rows } 行 <b>{ $code }</b>「{ $title }」：{ $changes }
import-more = ……另有 { $count } 条。
import-change-due = 完成时限 { $from } → { $to }
import-change-committee = 专委会 { $from } → { $to }
import-change-description = 说明有修改
import-change-measure = 计量单位 { $from } → { $to }
import-change-quota = { $unit }目标 { $from } → { $to }
import-change-unit-added = 增加配合单位{ $unit }
import-change-unit-removed = 移除{ $unit }
import-task-ambiguous = 已有多个同名任务（{ $codes }），请先取消重复的任务再导入。
import-task-done = { $code } 已报告完成、等待核验，不能按清单调整；如需调整，请先 /reject { $code }。
import-unit-has-work = { $unit }在 { $code } 已有汇报、完成或延期记录，不能按清单移除。
import-confirm-hint = 确认后写入，并通知有关单位工作群；退回的行不导入。
import-confirm-button = ✅ 确认导入
import-cancel-button = ✖ 取消
import-cancelled = ✖ 已取消，未导入「{ $file }」。
import-nothing-to-do = 清单与现有任务一致，无需导入。
import-nothing-importable = 没有可以导入的任务，请修改后重新发送。
import-told = 已通知 { $groups } 个单位工作群。
import-told-later = 现为休息时段，将于 { $time } 通知 { $groups } 个单位工作群。
import-told-none = 没有需要通知的单位工作群。
import-unit-notice-heading = 📌 <b>重点工作清单已更新</b>：本单位新增 { $added } 项，调整 { $changed } 项。
import-unit-notice-added = • 新任务 <b>{ $code }</b> { $title }（{ $role }，牵头：{ $lead }，时限 { $due }{ $quota }）
import-unit-notice-quota = ，目标 { $quota }
import-unit-notice-changed = • <b>{ $code }</b> { $title }：{ $changes }
import-unit-notice-removed = • <b>{ $code }</b> { $title }：本单位不再承担
import-unit-notice-hint = 发送 /tasks 查看本单位任务，/report 汇报进度。
sheet-unreadable = 无法读取这个文件，请发送 .xlsx 或 .csv 文件（旧版 .xls 请另存为 .xlsx）。
sheet-empty = 文件里没有任务。
sheet-too-many-rows = 共 { $count } 行，太多了，最多 { $max } 行。
sheet-missing-column = 缺少「{ $column }」列。
sheet-duplicate-column = 与「{ $column }」列重复，只能保留一列。
sheet-required = 必须填写。
sheet-too-long = 太长了，最多 { $max } 个字。
sheet-bad-date = 「{ $text }」不是有效日期。
sheet-past-date = 完成时限 { $date } 已经过去（今天是 { $today }）。
sheet-bad-quota = 目标数量「{ $text }」必须是正数。
sheet-quota-without-unit = 分成多行的任务，目标数量要写在对应的分解单位行。
sheet-duplicate-unit = 「{ $unit }」在这个任务里出现了两次。
sheet-lead-cooperating = 牵头单位「{ $unit }」不能同时是配合单位。
sheet-conflict = 与第 { $first } 行（同一任务）不一致，应为「{ $expected }」。
cmd-export-description = 导出任务台账和环境问题（Excel）
cmd-export-usage = 用法：/export
export-caption = 督办台账（{ $date }）
ledger-light-red = 红
ledger-light-yellow = 黄
ledger-light-green = 绿
ledger-light-done = 已完成
ledger-light-cancelled = 已取消
ledger-generated = 生成时间
ledger-time-zone = 时区

## /newtask, step by step
guided-ask-title = 请回复本消息，写上任务名称，然后用按钮选择专委会、单位和时限。
guided-title-placeholder = 任务名称
guided-title = 新任务：<b>{ $title }</b>
guided-committee = 专委会：{ $committee }
guided-lead = 牵头单位：{ $unit }
guided-with = 配合单位：{ $units }
guided-step-committee = 第 1 步：选择专委会
guided-step-lead = 第 2 步：选择牵头单位
guided-step-with = 第 3 步：选择配合单位（可多选，可不选），然后点「下一步」
guided-step-due = 第 4 步：选择完成时限（其他日期可在保存后用 /edit 修改；目标数量也用 /edit 设置）
guided-next = 下一步 ▶

## Morning reminders, escalation
reminder-title = ⏰ <b>{ $unit }今日督办提醒</b>（{ $date }）
reminder-committee = <b>{ $committee }</b>
reminder-line = { $light } <b>{ $code }</b> { $title } · { $deadline } · { $progress }{ $stale }
reminder-stale = · ⚠️ { $days } 天以上未汇报
reminder-legend = 🔴 已逾期　🟡 { $yellowDays } 天内到期　⚪ 未到期，但 { $days } 天以上未汇报
reminder-footer = 发送 /report 任务编号 数量 汇报进度，/task 任务编号 查看详情。
escalation-leadership = 县领导班子
escalation-up = ⬆️ <b>督办升级（第 { $level } 级）</b>
    { $unit }的任务 <b>{ $code }</b> { $title }已逾期 { $days } 天，现报{ $to }督办。
escalation-unit-notice = ⬆️ 任务 <b>{ $code }</b> { $title }已逾期 { $days } 天，已按责任链上报{ $to }。请抓紧办理并及时汇报。
audit-task-escalate = 逾期升级督办
audit-task-escalation-reset = 升级督办解除

## Daily digest
digest-title = 📊 <b>生态环境保护督办日报</b>（{ $date }）
digest-totals = 任务 { $tasks } 项，已完成 { $finished } 项（完成率 { $completion }），按时完成率 { $onTime }（到期的单位任务 { $due } 个，按时完成 { $onTimeCount } 个）· 🔴 逾期 { $red } · 🟡 临期 { $yellow }
digest-none = —
digest-newly-overdue = 🆕 <b>新增逾期</b>：{ $tasks }
digest-newly-closed = ✅ <b>昨日销号</b>：{ $tasks }
digest-departments = <b>县直部门排名</b>（综合得分）
digest-townships = <b>乡镇（街道、开发区）排名</b>（综合得分）
digest-rank-line = { $rank }. { $unit } { $score } 分（按时 { $onTime }/{ $due }，逾期 { $overdue }）
digest-committees = <b>各专委会</b>
digest-committee-line = • { $committee }：任务 { $tasks }，完成 { $finished }，🔴 { $red }，🟡 { $yellow }
digest-laggards = <b>滞后单位</b>
digest-laggard-line = • { $unit }：逾期 { $overdue } 项，累计 { $days } 天（{ $score } 分）
digest-footer = 得分只看结果：按时完成得满分，逾期完成得部分分，逾期未完成按天扣分。
digest-chart-townships = 乡镇综合得分排名 { $date }
digest-chart-departments = 县直部门综合得分排名 { $date }
digest-points = 分
digest-chart-subtitle = 截至 { $date }，按到期任务的完成结果计分：按期满分，逾期扣分

## Weekly bulletin
bulletin-title = 📢 <b>生态环境保护督办通报</b>（截至 { $date }）
bulletin-intro = 截至目前，{ $units } 个单位的 { $tasks } 项任务逾期未完成：
bulletin-unit = • <b>{ $unit }</b>：{ $tasks }
bulletin-task = { $code } { $title }（逾期 { $days } 天）
bulletin-closing = 请以上单位对照问题抓紧整改，按时完成，整改情况及时报生态委办公室。
bulletin-unit-more = 等 { $count } 项
bulletin-more = ……另有 { $units } 个单位的 { $tasks } 项逾期任务、{ $problems } 个环境问题未列出，详见 /tasks overdue 和 /problems open。

## /digest, /schedule, /pause, /away, /bulletin
cmd-digest-description = 立即生成督办日报
cmd-digest-usage = 用法：/digest 发送到领导群；/digest preview 只发给自己预览
args-digest = 只能写 preview（预览）。
digest-no-leadership = 还没有绑定领导群。请在领导群里发送 /bind leadership。
hint-report = 是否要发送 <code>{ $line }</code>？
hint-report-button = ✅ 按此汇报
hint-ignore-button = 忽略
hint-import = 收到文件「{ $file }」。要作为重点工作清单导入吗？
hint-import-button = 📥 导入
hint-not-yours = 这条提示是给发送原消息的人的。
alert-leader-status-only = 领导可发送 /alert status 查看预警点名情况；发布、解除预警由办公室操作。
digest-sent = 日报已发送到 { $count } 个领导群。
digest-preview-private = 预览已私聊发给您。（如未收到，请先私聊机器人发送 /start。）
digest-again-ask = { $minutes } 分钟前刚发过日报。确定再发一次吗？
digest-again-send = 再发一次
digest-again-skip = 不发了
digest-again-skipped = 好的，本次不再发送。
cmd-schedule-description = 查看或修改定时任务时间
cmd-schedule-usage = 用法：/schedule 查看；/schedule 提醒 08:00（提醒、升级、日报、通报）
args-schedule = 请写任务名称（提醒、升级、日报、通报）和时间。
args-schedule-time = 时间请写成 8:00、08:30 或 8点半。
schedule-title = <b>定时任务</b>
schedule-changed = ✅ 已修改。<b>定时任务</b>
schedule-line = • { $job }：{ $time }
schedule-job-reminders = 每日提醒
schedule-job-escalations = 逾期升级
schedule-job-digest = 领导日报
schedule-job-bulletin = 每周通报（周一）
schedule-workdays = 仅在法定工作日（含调休上班日）发送提醒和日报。
schedule-every-day = 每天发送提醒和日报。
schedule-quiet = 免打扰时段：{ $from }—{ $to }
cmd-pause-description = 暂停某单位的每日提醒
cmd-pause-usage = 用法：/pause 单位 截止日期；/pause 单位 off 恢复
args-pause = 请写单位和日期，例如 /pause 城关镇 12月5日。
pause-done = 已暂停{ $unit }的每日提醒，至 { $until }（任务仍计入日报）。
pause-off = 已恢复{ $unit }的每日提醒。
cmd-away-description = 请假期间不在提醒里点名
cmd-away-usage = 用法：/away 截止日期；/away off 取消
args-away = 请写日期，例如 /away 12月5日，或 /away off。
away-done = 好的，{ $until } 之前的提醒不再点名您。
away-off = 欢迎回来，提醒会照常点名您。
cmd-bulletin-description = 生成督办通报草稿
cmd-bulletin-usage = 用法：/bulletin
bulletin-nothing = 目前没有逾期任务，无需通报。
bulletin-draft-footer = —— 通报草稿：发布后将发送到领导群和所有单位工作群。
bulletin-publish-button = 📢 发布
bulletin-discard-button = ✖ 放弃
bulletin-published = ✅ { $who }已发布到 { $count } 个群。
bulletin-discarded = ✖ { $who }已放弃这份草稿。
audit-schedule-set = 修改定时
delivery-failed = ⚠️ 消息无法送达群{ $chat }：{ $description }。机器人可能已被移出该群，请检查后重新绑定。
newtask-quota-twice = { $unit }的目标数量写了两次。

## Problems
cmd-problem-description = 登记环境问题（着火点、扬尘、信访、督察反馈），或查看问题全过程
cmd-problem-usage = 用法：/problem 按按钮逐步登记；或一行登记：/problem 着火点 | 单位: 城关镇 | 地点: 王庄村东 | 发现: 市级 | 时限: 2026-12-03 | 说明: …（可附照片或回复照片、位置）；/problem P7 查看全过程
cmd-problems-description = 环境问题清单
cmd-problems-usage = 用法：/problems [open 待整改 | fixed 已整改 | closed 已销号 | all 全部] [类型] [单位]
cmd-fixed-description = 报告环境问题已整改（须附整改后照片）
cmd-fixed-usage = 用法：发送整改后照片，说明写 /fixed P7 整改情况（或回复照片发送）
cmd-verify-description = 核验环境问题并销号
cmd-verify-usage = 用法：/verify P7 [说明]；退回整改：/reject P7 理由
args-problem-kind-missing = 请先写问题类型：着火点、扬尘、信访、督察反馈或其他。
args-problem-kind = 「{ $word }」不是问题类型。可写：着火点（秸秆焚烧）、扬尘、信访、督察反馈、其他。
args-problem-field = 看不懂「{ $field }」。可用的项目：单位、地点、发现、时限、说明。
args-problem-repeated = 「{ $field }」写了两次。
args-problem-empty-field = 「{ $field }」后面没有内容。
args-problem-found = 「{ $word }」不是发现层级。可写：县级、市级、省级、中央。
args-problem-code = 请写问题编号，例如 P7。
args-problems-filter = 最多写三个筛选条件：状态、类型、单位。
problem-kind-fire = 着火点
problem-kind-dust = 扬尘
problem-kind-complaint = 信访
problem-kind-inspection = 督察反馈
problem-kind-other = 其他问题
problem-found-county = 县级发现
problem-found-city = 市级发现
problem-found-province = 省级发现
problem-found-central = 中央督察发现
problem-status-open = 待整改
problem-status-fixed = 已整改待核验
problem-status-closed = 已销号
problem-due = 时限 { $due }
problem-due-overdue = 时限 { $due }（逾期 { $days } 天）
problem-due-today = 时限 { $due }（今天到期）
problem-due-left = 时限 { $due }（还有 { $days } 天）
problem-coordinates = 坐标 { $lat }, { $lon }
problem-line = { $icon } <b>{ $code }</b> { $kind } · { $unit } · { $where } · { $found } · { $deadline } · { $status }
problem-summary-title = { $icon } <b>{ $code } { $kind }</b> · 责任单位：{ $unit }
problem-summary-where = 地点：{ $where }
problem-summary-found = { $found } · 整改{ $deadline }
problem-summary-note = 情况：{ $text }
problem-detail-status = 状态：{ $status }
problem-detail-evidence = 佐证：整改前 { $before } 份，整改后 { $after } 份
problem-detail-trail = <b>处理经过</b>
problem-trail-line = • { $at } { $who }：{ $action }{ $text }{ $photos }
problem-trail-text = （{ $text }）
problem-audit-create = 登记问题
problem-audit-fix = 报告已整改
problem-audit-verify = 核验销号
problem-audit-reject = 驳回，退回整改
problem-audit-escalate = 逾期未整改，升级督办（第 { $level } 级，报{ $to }）
problem-audit-escalation-reset = 升级督办解除
problem-escalation-up = ⬆️ <b>督办升级（第 { $level } 级）</b>
    { $unit }的环境问题 <b>{ $code }</b>（{ $kind }，{ $where }）整改已逾期 { $days } 天，现报{ $to }督办。
problem-escalation-unit-notice = ⬆️ 环境问题 <b>{ $code }</b>（{ $kind }，{ $where }）整改已逾期 { $days } 天，已按责任链上报{ $to }。请抓紧整改，完成后发送 /fixed { $code } 并附整改后照片。
reminder-problems = <b>待整改的环境问题</b>（{ $count } 个）
reminder-problem-line = { $light } <b>{ $code }</b> { $kind } · { $where } · { $deadline }
reminder-problems-footer = 整改后发送照片，说明写 /fixed 问题编号 整改情况。
bulletin-problems = <b>未整改的环境问题</b>：{ $count } 个，其中逾期 { $overdue } 个
bulletin-problem-line = • <b>{ $unit }</b>：{ $code } { $kind } · { $where } · { $found } · { $deadline }
problem-guided-title = 🆕 <b>登记环境问题</b>
problem-guided-kind = 类型：{ $kind }
problem-guided-found = 发现层级：{ $found }
problem-guided-unit = 责任单位：{ $unit }
problem-guided-due = 整改时限：{ $due }
problem-guided-step-kind = 请选择问题类型：
problem-guided-step-found = 由哪一级发现？（上级发现的扣分更多）
problem-guided-step-unit = 请选择责任单位：
problem-guided-step-due = 请选择整改时限：
problem-guided-step-where = 最后一步：请回复下方的提示消息，写上地点。
problem-guided-default-due = { $date }（默认）
problem-guided-prompt = 请回复本消息：先写地点，空一格再写情况说明；可以发带说明的现场照片，也可以直接发送位置。
problem-guided-placeholder = 例如：王庄村东 玉米秸秆焚烧
problem-guided-where-missing = 还没有写地点。请回复上面的提示消息：写上地点，或发送位置。
problem-guided-cancelled = 已取消登记。
problem-create-not-allowed = 抱歉，只有办公室、县领导和单位联络员可以登记环境问题。
problem-not-your-unit = 联络员只能处理本单位的环境问题。
problem-due-in-past = 整改时限 { $date } 已经过去了。
problem-unit-kind = { $unit }不是县直部门或乡镇，不能作为责任单位。
problem-unknown = 没有环境问题 { $code }。发送 /problems 查看清单。
problem-cannot-fix-fixed = { $code } 已报告整改，正在等待办公室核验。
problem-cannot-fix-closed = { $code } 已销号，无需再报告整改。
problem-cannot-verify-open = { $code } 还没有报告整改，不能销号。
problem-cannot-verify-closed = { $code } 已经销号了。
problem-cannot-reject-open = { $code } 还没有报告整改，无需驳回。
problem-cannot-reject-closed = { $code } 已经销号，不能驳回。
problem-fixed-needs-photo = 报告 { $code } 已整改必须附整改后的照片：发送照片，说明写 /fixed { $code } 整改情况，或回复一张照片发送该命令。
problem-changed = { $code } 刚刚被其他人处理过，请发送 /problem { $code } 查看最新状态。
problem-which-unit = 请写明责任单位，例如 | 单位: 城关镇。
problem-where-missing = 请写明地点（| 地点: 王庄村东），或回复一条位置消息发送该命令。
problem-created = ✅ 已登记环境问题 <b>{ $code }</b>。
problem-evidence-kept = 已留存 { $count } 份照片。
problem-no-evidence = 未附照片（可回复照片补充登记）。
problem-unit-told = 已通知{ $unit }工作群。
problem-unit-told-later = 现为休息时段，将于 { $time } 通知{ $unit }工作群。
problem-unit-no-group = ⚠️ { $unit }还没有绑定工作群，未能通知。
problem-unit-notice = 🚨 <b>新的环境问题 { $code }，请立即整改</b>
problem-unit-notice-photos = 附现场照片 { $count } 张，发送 /problem { $code } 查看。
problem-unit-notice-hint = 整改完成后发送现场照片，说明写 /fixed { $code } 整改情况。
problem-fixed-done = ✅ 已报告 { $code } 整改完成，等待办公室核验销号。
problem-fixed-office = 🛠 <b>{ $unit }报告 { $code } 已整改</b>（{ $who }）
problem-fixed-note = 整改情况：{ $text }
problem-fixed-photos = 整改后照片 { $count } 张。
problem-fixed-hint = 核验通过发送 /verify { $code }；不合格发送 /reject { $code } 理由。
problem-rejected-unit = ↩️ 环境问题 <b>{ $code }</b>（{ $kind }）整改未通过核验，请继续整改。理由：{ $reason }。整改时限 { $due }。
problem-rejected-done = 已驳回 { $code }，退回{ $unit }继续整改。理由：{ $reason }
problem-closed-unit = ✅ 环境问题 <b>{ $code }</b>（{ $kind }，{ $where }）已核验销号。
problem-closed-done = ✅ 已销号：{ $code }（{ $unit }）
problems-unknown-filter = 「{ $text }」既不是状态、问题类型，也不是单位。
problems-heading = <b>环境问题</b>：{ $count } 个，逾期未整改 { $overdue } 个
problems-empty = 没有符合条件的环境问题。
problems-more = ……另有 { $count } 个未列出。
problems-footer = 发送 /problem 问题编号 查看全过程。

## Alerts
cmd-alert-description = 发布重污染天气预警并点名确认
cmd-alert-usage = 用法：/alert 级别 [乡镇 | 部门 | 全部 | 专委:名称] 预警内容（级别：蓝色、黄色、橙色、红色）；/alert status 查看点名；/alert close 解除最近的预警；/alert ack 单位 电话确认 登记电话等方式的确认
args-alert-empty = 请写明预警级别和内容。
args-alert-extra = 这个命令后面不需要「{ $text }」。
args-alert-level = 「{ $text }」不是预警级别，请写蓝色、黄色、橙色或红色（blue、yellow、orange、red）。
args-alert-committee-empty = 请在「专委:」后写明专委会名称。
args-alert-text = 请写明预警内容。
args-alert-too-long = 预警内容太长了，最多 { $max } 个字。
args-alert-control = 预警内容里有无法显示的控制字符。
alert-committee-unknown = 没有名为「{ $name }」的专委会。发送 /committees 查看。
alert-committee-ambiguous = 「{ $name }」对应多个专委会，请写全称。
alert-no-groups = 该范围内还没有绑定工作群的单位，预警没有发出。
alert-level-blue = 蓝色
alert-level-yellow = 黄色
alert-level-orange = 橙色
alert-level-red = 红色
alert-message-title = { $icon } <b>重污染天气{ $level }预警</b>（第 { $id } 号）
alert-message-resend = ⏰ <b>第 { $send } 次提醒：本单位尚未确认</b>
alert-message-footer = 请立即启动应急响应，并点击下方按钮确认。
alert-acked-line = ✅ 已确认：{ $who } { $time }
alert-ack-button = 收到，已启动响应
alert-refresh-button = 刷新点名
alert-rollcall-title = { $icon } <b>{ $level }预警第 { $id } 号 · 点名</b>（{ $time } 发布）
alert-rollcall-open = 已确认 { $acked }/{ $total } 个单位
alert-rollcall-closed = 已解除（{ $time }）；已确认 { $acked }/{ $total } 个单位
alert-rollcall-waiting = <b>未确认（{ $count }）</b>
alert-rollcall-waiting-line = • { $unit }（已发送 { $sends } 次）
alert-rollcall-waiting-escalated = • { $unit }（已发送 { $sends } 次，已上报）
alert-rollcall-acked = <b>已确认（{ $count }）</b>
alert-rollcall-acked-line = • { $unit }：{ $who } { $time }（{ $minutes } 分钟）
alert-rollcall-updated = 更新于 { $time }，发送 /alert status 或点击刷新查看最新情况。
alert-escalated = ⚠️ <b>{ $level }预警第 { $id } 号：{ $count } 个单位发送 { $sends } 次仍未确认</b>，报{ $to }：{ $units }
alert-escalated-office = ⚠️ { $level }预警第 { $id } 号：{ $units }发送 { $sends } 次仍未确认，已按责任链上报。
alert-none = 还没有发布过预警。
alert-none-open = 当前没有未解除的预警。
alert-closed = ✅ 已解除第 { $id } 号预警，不再重复提醒。
alert-lifted = ✅ 第 { $id } 号{ $level }预警已解除。
alert-sent = 📢 已发布{ $level }预警第 { $id } 号，发往 { $units } 个单位的 { $groups } 个工作群。点名情况发送 /alert status 查看。
alert-sent-unreached = 另有 { $count } 个单位未绑定工作群，未送达：{ $units }
alert-rollcall-unreached = <b>未送达（未绑定工作群）（{ $count }）</b>
alert-ack-not-target = 这条预警不属于本群，或已不存在。
alert-ack-not-member = 抱歉，只有{ $unit }的人员才能为本单位确认预警。
alert-ack-closed = 这条预警已经解除，无需确认。
alert-ack-already = 本单位已由{ $who }于 { $time } 确认，无需重复确认。
alert-ack-thanks = 已确认：{ $unit }
cmd-preview-description = 预演某天机器人将自动发送的消息
cmd-preview-usage = 用法：/preview 明天；/preview 12月7日 08:45（只看该时刻前的）
args-preview = 请写日期，例如 /preview 明天 或 /preview 12月7日；可再写时间，例如 08:45。
preview-title = <b>{ $date } 机器人将自动发送</b>
preview-no-jobs = 这一天没有定时任务（非工作日或不在设定时间内）。
preview-job = • { $time } { $job }：{ $messages ->
    [0] 无
   *[other] { $messages } 条，发往 { $chats } 个会话
  }
preview-footer = 以上为预演：未发送、未记录任何内容。逐条内容见附件。
preview-message-head = { $time } { $job } → { $chat }
preview-photo = [图片]
preview-job-reminders = 每日提醒
preview-job-escalations = 逾期升级
preview-job-digest = 领导日报
preview-job-bulletin = 每周通报（草稿发办公室）
preview-chat-private = { $name }（私聊）
preview-chat-unknown = 会话{ $chat }

## Group robots (企业微信、钉钉、飞书)
robot-kind-wecom = 企业微信
robot-kind-dingtalk = 钉钉
robot-kind-feishu = 飞书
robot-owner-leadership = 领导群
robot-owner-office = 办公室
robot-more = ……还有 { $count } 项，详见 Telegram 或向生态委办公室索取。
robot-continued = { $title }（续{ $part }）
robot-chart-link = 查看图表
robot-buttons-in-telegram = 本消息需在 Telegram 办公室群中操作。
alert-message-footer-robot = 请立即启动应急响应。机器人消息无法点击确认：请在 Telegram 单位群点击确认，或电话报告生态委办公室。
alert-rollcall-waiting-robot = • { $unit }（已通过{ $robots }送达 { $sends } 次，待在 Telegram 或电话确认）
robot-failed = ⚠️ { $whose }的{ $kind }机器人（{ $robot }）拒收消息：{ $reason }。已停止向它发送，请检查机器人地址和密钥后重新导入组织文件。
cmd-robots-description = 查看企业微信、钉钉、飞书群机器人及送达情况
cmd-robots-usage = 用法：/robots 查看全部机器人；/robots test 单位 向该单位的机器人发送测试消息（单位处也可写领导群、办公室）
args-robots = 请写 /robots，或 /robots test 单位，例如 /robots test 城关镇。
robots-none = 还没有配置群机器人。请在组织文件中为单位写 robots:，再运行 npm run org:import。
robots-none-for = { $whose }没有配置群机器人。
robots-title = <b>群机器人</b>（{ $count } 个）
robots-line = • { $whose } · { $kind } · { $robot } · 最近送达 { $sent }
robots-never = 尚未送达
robots-error = 　最近错误（{ $time }）：{ $error }
robots-error-failing = 　⚠️ 已停止发送（{ $time }）：{ $error }
robots-test-message = 🔔 督办机器人测试消息：{ $whose }的群机器人已接通（{ $who }发起）。
robots-test-sent = 已向{ $whose }的 { $count } 个群机器人发送测试消息，送达情况见 /robots。
args-alert-ack = 请写单位和确认方式，例如 /alert ack 城关镇 电话确认。
args-alert-ack-too-long = 确认方式最多 { $max } 个字。
alert-ack-hand-not-target = { $unit }不在最近这次预警的范围内。
alert-ack-hand-already = { $unit }已由{ $who }于 { $time } 确认。
alert-ack-hand-done = ✅ 已登记{ $unit }确认收到预警（{ $note }），点名表将随之更新。

## Who sees what
role-stranger = 未授权人员
access-how-to = 本机器人供县生态环境保护委员会及成员单位内部使用。您尚未获得身份，目前只能使用 /start、/help、/whoami、/lang。
    如需使用，请将 /whoami 显示的 ID 报生态委办公室，由办公室管理员授权。
access-hidden = 此处不能显示该内容：单位工作群只显示本单位的工作，个人只能查看本单位的工作。
access-task-hidden = 此处不能显示任务 { $code }：该任务不属于本单位。
access-problem-hidden = 此处不能显示问题 { $code }：该问题不属于本单位。
grant-member-needs-unit = 成员必须属于一个单位：请在命令末尾写单位名称，或在该单位的工作群里发送。

## Chats joining, leaving and moving
chat-bot-added = 您好！这里是<b>督办</b>，县生态环境保护委员会的任务督办助手，负责任务提醒、进度报送和督办通报。
    本群尚未绑定。只有生态委办公室管理员可以绑定：发送 /bind 单位名称，或 /bind leadership（领导群）、/bind admin（办公室群）。
chat-bot-removed-office = ⚠️ 机器人已被移出「{ $title }」（{ $binding }），该群绑定已停用，此后不再向该群发送消息。如需恢复，请将机器人重新拉入该群并发送 /bind。
chat-liaison-left-office = ⚠️ { $unit }联络员{ $name }已退出本单位工作群「{ $title }」，请核实是否需要调整联络员。
chat-migrated-office = 「{ $title }」已升级为超级群，绑定、待发消息和预警名单已转至新群（ID { $to }）。
anonymous-admin-hint = 您正以匿名管理员身份发言，机器人无法识别身份。请关闭匿名后以本人身份发送。
place-unit-of = { $unit }工作群
