FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint needs pango; fonts with Latin and Arabic glyphs for the PDF exports.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY aalco aalco
COPY memberstates memberstates
COPY resolutions resolutions
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --noinput \
 && useradd --system --home /app aalco && mkdir -p /app/var && chown -R aalco /app/var
USER aalco
EXPOSE 8000
CMD ["gunicorn", "aalco.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
