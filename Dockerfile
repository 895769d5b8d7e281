# modelbank's image (docker-compose.yml). The web UI is built in a Node stage; the runtime needs
# no Node. Dependencies are installed from the hash-locked requirements.lock.
FROM node:22-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MODELBANK_VAR_DIR=/var/lib/modelbank
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
COPY --from=web /src/web/dist ./web/dist
RUN useradd --system --home /var/lib/modelbank modelbank && mkdir -p /var/lib/modelbank \
    && chown modelbank /var/lib/modelbank \
    && SECRET_KEY=build MODELBANK_ENCRYPTION_KEYS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       python manage.py collectstatic --noinput -v0
USER modelbank
CMD ["gunicorn", "config.wsgi"]
