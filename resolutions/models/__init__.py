from .agenda import AgendaItem
from .documents import Paragraph, Resolution
from .followup import Attachment, Notification, Response
from .obligations import Obligation
from .reminders import Reminder, ReminderPause
from .sessions import ReportingCycle, Session, Topic

__all__ = [
    "AgendaItem",
    "Attachment",
    "Notification",
    "Obligation",
    "Paragraph",
    "Reminder",
    "ReminderPause",
    "ReportingCycle",
    "Resolution",
    "Response",
    "Session",
    "Topic",
]
