# syntax=docker/dockerfile:1
# Image of one nameko service (intake, routing, reply, survey, alerts or eapply); one image per service,
# built from this one file. Build context: the repository root:
#   docker build -f deploy/docker/nameko-service.Dockerfile --build-arg SERVICE=intake \
#     --build-arg GRPC_PORT=50051 -t civicase/intake:dev .
# Stage 1 (builder) installs the pinned dependencies into /opt/venv and generates the protobuf and
# gRPC code from protos/ (never committed); stage 2 is the slim runtime: non-root user, nothing to
# write (runs with a read-only root filesystem; /tmp is the only scratch space it needs).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG SERVICE
ARG GRPC_PORT

FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY constraints.txt ./
# The code generator lives in its own virtualenv so it does not ship in the runtime image.
RUN python -m venv /opt/protoc && /opt/protoc/bin/pip install -q -c constraints.txt grpcio-tools
COPY protos/ protos/
# Every service's contract is generated: services and the gateway call their peers.
RUN mkdir -p /app/gen/python \
 && /opt/protoc/bin/python -m grpc_tools.protoc -Iprotos --python_out=/app/gen/python \
      --grpc_python_out=/app/gen/python $(find protos -name '*.proto') \
 && /opt/protoc/bin/python -m compileall -q /app/gen/python
COPY libs/platform/ libs/platform/
COPY services/${SERVICE}/ services/${SERVICE}/
# Runtime pieces every nameko service needs (gRPC serving, health, migrations), named here too
# in case the package metadata does not list them; pinned by constraints.txt either way.
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -q -c constraints.txt ./libs/platform ./services/${SERVICE} nameko-grpc grpcio grpcio-health-checking grpcio-reflection alembic

FROM ${PYTHON_IMAGE}
ARG SERVICE
ARG GRPC_PORT
RUN groupadd --system --gid 10001 civicase \
 && useradd --system --uid 10001 --gid civicase --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin civicase
# PSYCOPG_WAIT_FUNC: psycopg reads it at import; without it every query blocks the eventlet hub.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app/gen/python \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    LOG_FORMAT=json \
    PSYCOPG_WAIT_FUNC=wait_select \
    GRPC_PORT=${GRPC_PORT} \
    SERVICE=${SERVICE}
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app/gen /app/gen
COPY scripts/wait-for.py /usr/local/bin/civicase-wait-for
# config.yaml, alembic.ini and migrations/ of the service (tests are left out by .dockerignore).
COPY services/${SERVICE}/ /app/
WORKDIR /app
USER 10001:10001
EXPOSE ${GRPC_PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD python /usr/local/bin/civicase-wait-for --once grpc "127.0.0.1:${GRPC_PORT}"
# Migrations: run the same image with `alembic upgrade head` (docker-compose's <service>-migrate,
# the Kubernetes init container).
CMD ["sh", "-c", "exec nameko run --config /app/config.yaml \"${SERVICE}.service\""]
