from .agenda import AgendaItem
from .documents import Paragraph, Resolution
from .followup import Attachment, Notification, Response, ReviewMessage
from .reminders import Reminder, ReminderPause
from .sessions import ReportingCycle, Session, Topic

__all__ = [
    "AgendaItem",
    "Attachment",
    "Notification",
    "Paragraph",
    "Reminder",
    "ReminderPause",
    "ReportingCycle",
    "Resolution",
    "Response",
    "ReviewMessage",
    "Session",
    "Topic",
]
