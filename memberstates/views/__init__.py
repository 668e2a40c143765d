"""Account pages: sign-in and the second factor, invitations, focal-point handover."""
