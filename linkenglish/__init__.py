"""LiNK English: the English programs of Liberty in North Korea."""

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from linkenglish.config import Defaults, environment_overrides, sqlalchemy_url
from linkenglish.crypto import DataKeyError, KeyRing
from linkenglish.extensions import babel, csrf, db, login_manager, migrate
from linkenglish.hosts import LinkEnglish, hosts_configure
from linkenglish.routing import BoundedIntegerConverter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MISSING_KEYS_MESSAGE = (
    "LiNK English: {names} not set. Run `python -m linkenglish.keys` to write random keys "
    "to instance/config.py, or set them as environment variables."
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error pages, CLI."""
    app = LinkEnglish(
        __name__,
        instance_path=os.environ.get("LINKENGLISH_INSTANCE_PATH", os.path.join(ROOT, "instance")),
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
    )
    load_config(app, test_config)

    trust_proxies(app)
    app.url_map.converters["int"] = BoundedIntegerConverter
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_login(app)

    register_blueprints(app)
    register_request_hooks(app)
    register_template_helpers(app)

    from linkenglish.cli import register_cli

    register_cli(app)

    from linkenglish.access import check_views_declared

    check_views_declared(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    """Defaults, then instance/config.py, then the environment, then test_config."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(environment_overrides())
    if test_config:
        app.config.update(test_config)

    missing = [name for name in ("SECRET_KEY", "LINKENGLISH_DATA_KEY") if not app.config[name]]
    if missing and app.debug and not app.testing:
        # Imported here: `python -m linkenglish.keys` must not find itself imported already.
        from linkenglish.keys import ensure_instance_keys

        ensure_instance_keys(app.instance_path)
        app.config.from_pyfile("config.py")
        missing = [name for name in missing if not app.config[name]]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise SystemExit(MISSING_KEYS_MESSAGE.format(names=f"{' and '.join(missing)} {verb}"))
    try:
        app.extensions["linkenglish.keyring"] = KeyRing.from_setting(
            app.config["LINKENGLISH_DATA_KEY"]
        )
    except DataKeyError as error:
        raise SystemExit(f"LiNK English: {error}") from None
    try:
        ZoneInfo(app.config["APP_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise SystemExit(
            f"LiNK English: APP_TIMEZONE {app.config['APP_TIMEZONE']!r} is not a known time "
            "zone; use a name such as Asia/Seoul."
        ) from None

    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["APP_TIMEZONE"]
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        sqlalchemy_url(app.config["DATABASE_URL"], app.instance_path),
    )
    if (app.debug or app.testing) and "SESSION_COOKIE_SECURE" not in (test_config or {}):
        app.config["SESSION_COOKIE_SECURE"] = False  # plain http on 127.0.0.1
    hosts_configure(app)
    os.makedirs(app.instance_path, exist_ok=True)


def trust_proxies(app: Flask) -> None:
    """Read the client's address and scheme from the proxies we trust; never the host or
    prefix, which links take from PUBLIC_URL alone."""
    count = int(app.config["TRUSTED_PROXIES"])
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_prefix=0)


def select_locale() -> str:
    """The language chosen in the footer, else the best one the browser asks for."""
    from flask import current_app, session

    languages = current_app.config["LANGUAGES"]
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages) or languages[0]


def init_login(app: Flask) -> None:
    """Flask-Login: the sign-in page, and loading a user from the session."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    from linkenglish.auth.services import user_load
    from linkenglish.redirects import sign_in_first

    login_manager.user_loader(user_load)
    login_manager.unauthorized_handler(sign_in_first)


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    from linkenglish.accounts.views import bp as accounts_bp
    from linkenglish.audit.views import bp as audit_bp
    from linkenglish.auth.views import bp as auth_bp
    from linkenglish.certificates.views import bp as certificates_bp
    from linkenglish.checkin.views import bp as checkin_bp
    from linkenglish.classes.attendance_views import bp as attendance_bp
    from linkenglish.classes.session_views import bp as sessions_bp
    from linkenglish.cohorts.enrollment_views import bp as enrollments_bp
    from linkenglish.cohorts.views import bp as cohorts_bp
    from linkenglish.consent.review_views import bp as review_bp
    from linkenglish.consent.views import bp as consent_bp
    from linkenglish.exports.views import bp as exports_bp
    from linkenglish.feedback.views import bp as feedback_bp
    from linkenglish.gallery.views import bp as gallery_bp
    from linkenglish.imports.views import bp as imports_bp
    from linkenglish.levels.views import bp as levels_bp
    from linkenglish.main.views import bp as main_bp
    from linkenglish.participants.views import bp as participants_bp
    from linkenglish.partners.views import bp as partners_bp
    from linkenglish.prompts.views import bp as prompts_bp
    from linkenglish.reports.views import bp as reports_bp
    from linkenglish.schedule.views import bp as me_bp
    from linkenglish.writing.views import bp as writing_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(participants_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(levels_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(enrollments_bp)
    app.register_blueprint(sessions_bp)
    app.register_blueprint(imports_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(me_bp)
    app.register_blueprint(writing_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(prompts_bp)
    app.register_blueprint(gallery_bp)
    app.register_blueprint(consent_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(audit_bp)


def register_request_hooks(app: Flask) -> None:
    """Access checks before each request; security headers and error pages."""
    from linkenglish.access import enforce_declared_access
    from linkenglish.errors import register_error_handlers
    from linkenglish.security import set_security_headers

    app.before_request(enforce_declared_access)
    app.after_request(set_security_headers)
    register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates use."""
    from linkenglish.consent.labels import CONSENT_TEMPLATE_GLOBALS
    from linkenglish.dates import localtime
    from linkenglish.labels import TEMPLATE_FILTERS, TEMPLATE_GLOBALS
    from linkenglish.redirects import this_page

    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.globals["get_locale"] = get_locale
    # Each language by its own name, never translated: a reader looks for their own.
    app.jinja_env.globals["language_names"] = {"ko": "한국어", "en": "English"}
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    app.jinja_env.globals["this_page"] = this_page
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(CONSENT_TEMPLATE_GLOBALS)
    app.jinja_env.filters.update(TEMPLATE_FILTERS)
