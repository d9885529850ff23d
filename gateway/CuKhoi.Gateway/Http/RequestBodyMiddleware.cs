using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Reads a REST request body once, before JSON transcoding does: refuses bodies over the
/// limit (413), invalid UTF-8 and malformed JSON (400, saying where), records a PATCH's
/// top-level keys (the update mask), and gives bodiless POSTs to transcoded routes an
/// empty object so `POST /articles/{id}:publish` needs no `{}`. Transcoding then reads the
/// buffered copy, as JSON whatever simple type the client sent (see ReadsAsJson). The limit is `Kestrel:Limits:MaxRequestBodySize` (default 2 MiB).
/// </summary>
public sealed class RequestBodyMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultLimit = 2 * 1024 * 1024;

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly long _limit = configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? DefaultLimit;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.IsGrpc() || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsPut(request.Method)))
        {
            await next(context);
            return;
        }

        var transcoded = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
        if (!transcoded || !ReadsAsJson(request.ContentType))
        {
            // Admin routes bind their own small bodies; a non-JSON body is for transcoding to refuse.
            await next(context);
            return;
        }

        if (request.ContentLength > _limit)
        {
            await StatusJson.WriteAsync(context, GatewayProblems.TooLarge(_limit), StatusCodes.Status413PayloadTooLarge);
            return;
        }

        var body = await ReadAsync(request.Body, context.RequestAborted);
        if (body is null)
        {
            await StatusJson.WriteAsync(context, GatewayProblems.TooLarge(_limit), StatusCodes.Status413PayloadTooLarge);
            return;
        }

        if (body.Length == 0)
        {
            body = EmptyObject;
        }

        // What curl -d and bare fetch() send (form or text types, or none) holds JSON here.
        request.ContentType = "application/json";

        if (Check(body, out var keys) is { } problem)
        {
            await StatusJson.WriteAsync(context, problem);
            return;
        }

        if (HttpMethods.IsPatch(request.Method))
        {
            context.GatewayRequest().BodyKeys = keys;
        }
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        await next(context);
    }

    /// <summary>
    /// JSON, no type, or the types clients send by default (curl's form type, text/plain):
    /// all are read as JSON. Keys travel in a header, never a cookie, so accepting the
    /// "simple" types lets no other site write on a caller's behalf. Anything else is left
    /// for transcoding to refuse.
    /// </summary>
    private static bool ReadsAsJson(string? contentType)
    {
        if (contentType is null)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The whole body, or null when it is over the limit.</summary>
    private async Task<byte[]?> ReadAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > _limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>UTF-8 and JSON syntax, and the top-level keys of an object body.</summary>
    private static Grpc.Core.RpcException? Check(byte[] body, out List<string> keys)
    {
        keys = [];
        var json = body.AsSpan();
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (!Utf8.IsValid(json))
        {
            return GatewayProblems.InvalidUtf8();
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    keys.Add(reader.GetString()!);
                }
            }
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            return GatewayProblems.Malformed(
                $"the body is not valid JSON (line {line}, byte {position}).",
                $"nội dung không phải JSON hợp lệ (dòng {line}, byte {position}).");
        }

        return null;
    }
}
