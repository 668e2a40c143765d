from .agenda import AgendaItem
from .documents import Paragraph, Resolution
from .exports import ExportJob
from .followup import Attachment, Notification, Response
from .reminders import Reminder, ReminderPause
from .sessions import ReportingCycle, Session, Topic

__all__ = [
    "AgendaItem",
    "Attachment",
    "ExportJob",
    "Notification",
    "Paragraph",
    "Reminder",
    "ReminderPause",
    "ReportingCycle",
    "Resolution",
    "Response",
    "Session",
    "Topic",
]
