# The bot's image for compose.yaml: Python 3.11, the CPU build of PyTorch, the project, and its documents.
FROM python:3.11-slim
WORKDIR /app
# The CPU build of torch first, so that nothing below can pull the CUDA one: pass the package index that serves
# CPU wheels as a build argument (compose.yaml's TORCH_INDEX_URL) where the default index serves CUDA builds.
ARG TORCH_INDEX_URL=""
RUN pip install --no-cache-dir ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} torch==2.13.0
COPY pyproject.toml README.md ./
COPY bot bot
COPY index index
COPY scripts scripts
COPY docs docs
RUN pip install --no-cache-dir .
ENV INDEX_DIR=/app/var/index
CMD ["python", "-m", "bot", "run"]
