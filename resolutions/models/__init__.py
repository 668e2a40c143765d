from .agenda import AgendaItem
from .documents import Paragraph, Resolution
from .exports import ExportJob
from .figures import FiguresVersion
from .followup import Attachment, Notification, Response, ReviewMessage
from .obligations import Obligation
from .reminders import Reminder, ReminderPause
from .sessions import ReportingCycle, Session, Topic
from .translations import ParagraphTranslation, ResolutionTranslation

__all__ = [
    "AgendaItem",
    "Attachment",
    "ExportJob",
    "FiguresVersion",
    "Notification",
    "Obligation",
    "Paragraph",
    "ParagraphTranslation",
    "Reminder",
    "ReminderPause",
    "ReportingCycle",
    "Resolution",
    "ResolutionTranslation",
    "Response",
    "ReviewMessage",
    "Session",
    "Topic",
]
