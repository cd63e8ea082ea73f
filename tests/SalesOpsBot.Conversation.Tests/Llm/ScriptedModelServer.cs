using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SalesOpsBot.Conversation.Tests.Llm;

/// <summary>A request the scripted model received: path, headers and the chat-completions body.</summary>
internal sealed record ModelRequest(string Path, string? Authorization, string? ApiKey, JsonObject Body)
{
    public JsonArray Messages => Body["messages"]!.AsArray();

    public IReadOnlyList<string> ToolNames => Body["tools"] is JsonArray tools
        ? [.. tools.Select(t => t!["function"]!["name"]!.GetValue<string>())]
        : [];

    /// <summary>The tool results sent back so far, oldest first.</summary>
    public IReadOnlyList<string> ToolResults =>
        [.. Messages.Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => Content(m!))];

    /// <summary>The last tool result as JSON.</summary>
    public JsonObject LastToolResult => JsonNode.Parse(ToolResults[^1])!.AsObject();

    private static string Content(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
        _ => "",
    };
}

/// <summary>What the scripted model answers: an HTTP status, a body, and how long it waits first.</summary>
internal sealed record ModelReply(HttpStatusCode Status, string Body, TimeSpan Delay = default)
{
    private static int _ids;

    public static ModelReply Text(string content) => Completion(new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop");

    /// <summary>One or more calls of <c>sales-*</c> functions; arguments as an object serialised to the JSON string the API carries.</summary>
    public static ModelReply Calls(params (string Function, object Arguments)[] calls) => Completion(new JsonObject
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = $"call_{Interlocked.Increment(ref _ids)}",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = c.Function, ["arguments"] = JsonSerializer.Serialize(c.Arguments) },
        })]),
    }, "tool_calls");

    public static ModelReply Call(string function, object arguments) => Calls((function, arguments));

    public static ModelReply Error(HttpStatusCode status) =>
        new(status, """{"error":{"message":"scripted failure","type":"server_error","code":null}}""");

    private static ModelReply Completion(JsonObject message, string finishReason) => new(HttpStatusCode.OK, new JsonObject
    {
        ["id"] = $"chatcmpl-{Interlocked.Increment(ref _ids)}",
        ["object"] = "chat.completion",
        ["created"] = 1_760_000_000,
        ["model"] = "scripted",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
    }.ToJsonString());
}

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback (real HTTP through HttpListener) whose replies are
/// scripted per request: the script sees every request so far and returns the next reply.
/// </summary>
internal sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<IReadOnlyList<ModelRequest>, ModelReply> _script;
    private readonly List<ModelRequest> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedModelServer(Func<IReadOnlyList<ModelRequest>, ModelReply> script)
    {
        _script = script;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The OpenAI-style base URL, with /v1.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");

    public Uri Root => new($"http://127.0.0.1:{Port}/");

    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Everything the model was sent, as one text (to prove what never left the server).</summary>
    public string EverythingSent => string.Join("\n", Requests.Select(r => r.Body.ToJsonString()));

    /// <summary>A script that plays <paramref name="replies"/> in order, one per request.</summary>
    public static ScriptedModelServer Playing(params Func<ModelRequest, ModelReply>[] replies) =>
        new(requests => requests.Count <= replies.Length ? replies[requests.Count - 1](requests[^1]) : ModelReply.Error(HttpStatusCode.BadRequest));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            var request = new ModelRequest(context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], context.Request.Headers["api-key"], body);
            List<ModelRequest> sofar;
            lock (_requests)
            {
                _requests.Add(request);
                sofar = [.. _requests];
            }

            var reply = _script(sofar);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token);
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = (int)reply.Status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client gave up (timeout test) or the server is stopping.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
