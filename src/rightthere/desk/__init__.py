"""The desk's use cases: one function per job a person or a machine does.

Web views, API routes, mail intake, the status page, commands and periodic
jobs call these (or read-only queries), never a domain app's writes directly,
so the same job does the same things whichever door it came through. Each use
case does the whole job in a visible order: the base write (`cases`), then what
the domain apps add (promises, the coach, the recovery playbook, checklists,
mail).

- `opening`: open a case (phone, web form, API, mail, review).
- `messages`: a reply to the customer, an internal note, a customer's message.
- `casework`: status, assignee, kind and the other header edits.
- `promises`: moving a promise to a new date, telling the customer.
- `recovery`: offering a complaint's options to the customer.
- `reviews`: a bad review opening a complaint case (webhook, import, confirming who wrote it).
- `visits`: booking, moving, reassigning, cancelling and returning visits, their outcome.
- `visit_choice`: the customer choosing their visit's time on the status page.
- `visit_day`: the reminder the day before, "on my way", "running late".
- `part_orders`: parts received, late or changed, and the visits waiting for them.
- `visit_notices`: what a visit's change sends (customer mail with invite, webhook).
- `reactions`: how a case reacts to a customer's words (shared by opening and messages).
"""
