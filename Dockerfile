FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -c constraints.txt -e . \
    && DEBUG=1 python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /app firmops && mkdir -p /srv/firmops && chown firmops /srv/firmops
USER firmops
EXPOSE 8000
CMD ["gunicorn", "firmops.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
