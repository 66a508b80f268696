"""Two-factor login (README, "Two-factor login"): an authenticator app (TOTP) and one-time
backup codes, on django-otp.

The password login stays Django's own. When it succeeds, `services.session_start` notes in
the session what the person still owes: a code (they enrolled an authenticator) or an
enrolment (the setting requires one of leaders and administrators and they have none). Until
it is paid, `middleware.TwoFactorMiddleware` sends every page, the admin included, to the
code or enrolment page. A browser that gave a code may be remembered for a while.
"""
