# syntax=docker/dockerfile:1
# SalesOpsBot host image: docker build -t salesopsbot .   (or, with no local Docker: az acr build -t salesopsbot:1.0.0 -r <registry> .)
# Three stages: the Web Chat bundle from npm, the .NET publish, and a chiseled ASP.NET runtime (no shell, no package
# manager) running as the unprivileged "app" user. docs/deploy.md explains the deployment around it.

# --- Web Chat bundle: only the local web chat page uses it (off in production), kept so the image matches a dev build.
FROM node:22-bookworm-slim AS webchat
WORKDIR /client
COPY src/SalesOpsBot.Bot/WebChat/client/package.json src/SalesOpsBot.Bot/WebChat/client/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# --- Build: restore with only the project files first, so source edits do not invalidate the package layer.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins the repository's SDK feature band, and the image's SDK 10.0 is the
# compiler of record here (the runtime, 10.0, is what matters for the output).
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/SalesOpsBot.Analysis/SalesOpsBot.Analysis.csproj src/SalesOpsBot.Analysis/
COPY src/SalesOpsBot.Warehouse/SalesOpsBot.Warehouse.csproj src/SalesOpsBot.Warehouse/
COPY src/SalesOpsBot.Conversation/SalesOpsBot.Conversation.csproj src/SalesOpsBot.Conversation/
COPY src/SalesOpsBot.Digests/SalesOpsBot.Digests.csproj src/SalesOpsBot.Digests/
COPY src/SalesOpsBot.Bot/SalesOpsBot.Bot.csproj src/SalesOpsBot.Bot/
RUN dotnet restore src/SalesOpsBot.Bot/SalesOpsBot.Bot.csproj
COPY prompts/ prompts/
COPY src/ src/
# The Bot project copies this file into wwwroot when it exists, and then skips its own npm step.
COPY --from=webchat /client/node_modules/botframework-webchat/dist/webchat.js src/SalesOpsBot.Bot/wwwroot/webchat/webchat.js
RUN dotnet publish src/SalesOpsBot.Bot/SalesOpsBot.Bot.csproj -c Release --no-restore -o /app/publish -p:UseAppHost=false -p:SkipWebChatBundle=true

# --- Runtime: chiseled Ubuntu with ICU and time zones ("-extra"): digest schedules use IANA time zones.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra AS runtime
WORKDIR /app
COPY --from=build /app/publish ./
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# $APP_UID is 1654, the image's non-root "app" user.
USER $APP_UID
ENTRYPOINT ["dotnet", "SalesOpsBot.Bot.dll"]
