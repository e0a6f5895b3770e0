"""Single sign-on through the firm's own identity provider (issue 21): OpenID Connect via allauth."""
