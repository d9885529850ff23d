# Every host (three services and the gateway) from one recipe: build with the SDK, run on the
# ASP.NET runtime image (which ships ICU). Context is the repository root; the build args name
# the project and the ports it listens on (docker-compose.yml passes them), e.g.
#   docker build --build-arg PROJECT_DIR=services/CuKhoi.Articles --build-arg PROJECT=CuKhoi.Articles --build-arg PORTS=5101 -t cukhoi-articles .
#   docker build --build-arg PROJECT_DIR=gateway/CuKhoi.Gateway --build-arg PROJECT=CuKhoi.Gateway --build-arg "PORTS=8080 8081" -t cukhoi-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT_DIR
ARG PROJECT
ARG PORTS
RUN test -n "$PROJECT_DIR" && test -n "$PROJECT" && test -n "$PORTS" \
    || { echo "Set --build-arg PROJECT_DIR, PROJECT and PORTS (see the top of the Dockerfile)." >&2; exit 1; }
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
# Project files first, so the restore layer survives source edits. Every host references
# only ServiceDefaults and the protos.
COPY protos/CuKhoi.Protos/CuKhoi.Protos.csproj protos/CuKhoi.Protos/
COPY services/CuKhoi.ServiceDefaults/CuKhoi.ServiceDefaults.csproj services/CuKhoi.ServiceDefaults/
COPY ${PROJECT_DIR}/${PROJECT}.csproj ${PROJECT_DIR}/
RUN dotnet restore "${PROJECT_DIR}/${PROJECT}.csproj"
COPY protos/ protos/
COPY services/CuKhoi.ServiceDefaults/ services/CuKhoi.ServiceDefaults/
COPY ${PROJECT_DIR}/ ${PROJECT_DIR}/
RUN dotnet publish "${PROJECT_DIR}/${PROJECT}.csproj" -c Release -o /app/publish --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
ARG PROJECT
ARG PORTS
WORKDIR /app
# Vietnamese collation and NFC normalisation need ICU: never run globalization-invariant.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    APP_DLL=${PROJECT}.dll
COPY --from=build /app/publish .
# With SQLite the file lives in /app/data, owned by the non-root user. docker-compose.yml and
# deploy/k8s use PostgreSQL and run the image with a read-only root file system (/tmp writable).
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
EXPOSE ${PORTS}
# exec: dotnet replaces the shell and receives the stop signal itself.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"$APP_DLL\" \"$@\"", "--"]
