"""Message template content: rendering, the sandbox, preview and SMS length.

- rendering: the sandboxed engine, a template's context, syntax checks and rendering;
- sandbox: the only tags and filters a template may use (the engine's sole builtin library);
- preview: render for one contact and say what was missing, writing nothing;
- sms: GSM-7 / UCS-2 length and segment counting.

Not named `templates`: an app's `templates/` directory is where Django's APP_DIRS loader
looks for HTML templates, and a Python package there would be taken for one.
"""
