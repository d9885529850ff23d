using CuKhoi.ServiceDefaults.Errors;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// The REST-only semantics of the contract, in one place, on top of JSON transcoding:
/// If-Match → etag, Idempotency-Key → request_id, PATCH → update_mask from the body's keys;
/// ETag, 201 + Location, 204, 304 and 422 on the way out; NDJSON content type for exports.
/// Native gRPC calls pass untouched (they carry those fields in the message). For both,
/// it names the resource a write touched, for the audit trail.
/// </summary>
public sealed class HttpSemanticsInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        var rest = !http.IsGrpc();
        if (rest && request is IMessage message)
        {
            RestRequestFields.Apply(http, context.Method, message);
        }

        http.Items[HttpItems.Resource] = ResourceOf(context.Method, request as IMessage);
        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (RpcException e) when (rest && RetryAfter(e) is { } seconds)
        {
            // An open breaker says when it will let a call through again.
            http.Response.Headers.RetryAfter = seconds;
            throw;
        }
        catch (RpcException e) when (rest && Problems.ReasonOf(e) == Problems.Reasons.IdempotencyKeyReused)
        {
            // Transcoding answers INVALID_ARGUMENT with 400; the contract says 422, same body.
            http.Items[HttpItems.Status] = StatusCodes.Status422UnprocessableEntity;
            http.Response.OnStarting(() =>
            {
                http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Task.CompletedTask;
            });
            throw;
        }

        var location = CreatedLocation(context.Method, response as IMessage);
        if (location is not null)
        {
            http.Items[HttpItems.Resource] = location;
        }

        if (rest && response is IMessage reply)
        {
            Decorate(http, reply, location);
        }

        return response;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        if (!http.IsGrpc())
        {
            // Transcoding already writes one JSON message per line and flushes each;
            // only the media type says otherwise.
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode == StatusCodes.Status200OK)
                {
                    http.Response.ContentType = "application/x-ndjson; charset=utf-8";
                }

                return Task.CompletedTask;
            });
        }

        return continuation(request, responseStream, context);
    }

    private static string? RetryAfter(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable
        && e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Metadata.TryGetValue("retryAfterSeconds", out var seconds) == true
            ? seconds
            : null;

    private static void Decorate(HttpContext http, IMessage reply, string? location)
    {
        var response = http.Response;
        int? status = null;
        if (reply.Descriptor.FindFieldByName("etag") is { FieldType: Google.Protobuf.Reflection.FieldType.String } field
            && field.Accessor.GetValue(reply) is string { Length: > 0 } etag)
        {
            response.Headers.ETag = $"\"{etag}\"";
            if (HttpMethods.IsGet(http.Request.Method) && EntityTags.Matches(http.Request.Headers.IfNoneMatch, etag))
            {
                status = StatusCodes.Status304NotModified;
            }
        }

        if (location is not null)
        {
            response.Headers.Location = location;
            status = StatusCodes.Status201Created;
        }
        else if (HttpMethods.IsDelete(http.Request.Method) && reply is Empty)
        {
            status = StatusCodes.Status204NoContent;
        }

        if (status is not { } code)
        {
            return;
        }

        http.Items[HttpItems.Status] = code;
        if (code is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            http.Items[HttpItems.SuppressBody] = true;
        }

        // Transcoding sets 200 just before it writes; this runs after that, as the response starts.
        response.OnStarting(() =>
        {
            response.StatusCode = code;
            if (http.Items.ContainsKey(HttpItems.SuppressBody))
            {
                response.Headers.Remove(HeaderNames.ContentType);
                response.ContentLength = null;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Where a create put its resource: the Get route of the created message.</summary>
    private static string? CreatedLocation(string method, IMessage? response) =>
        response is not null && Created.TryGetValue(method, out var template) ? ProtoMethods.Render(template, response) : null;

    /// <summary>The REST path of the resource a call addressed (the method's route, filled from the request).</summary>
    private static string ResourceOf(string method, IMessage? request) =>
        ProtoMethods.Find(method) is { } descriptor && ProtoMethods.PathTemplate(descriptor) is { } template && request is not null
            ? ProtoMethods.Render(StripVerb(template), request) ?? method
            : method;

    private static string StripVerb(string template)
    {
        var colon = template.LastIndexOf(':');
        return colon > template.LastIndexOf('}') ? template[..colon] : template;
    }

    /// <summary>Creates → the Get RPC whose route names what they created.</summary>
    private static readonly Dictionary<string, string> Created = new(StringComparer.Ordinal)
    {
        ["/cukhoi.articles.v1.ArticleService/CreateArticle"] = Template("/cukhoi.articles.v1.ArticleService/GetArticle"),
        ["/cukhoi.dvk.v1.DvkModelService/RegisterDvkModel"] = Template("/cukhoi.dvk.v1.DvkModelService/GetDvkModel"),
        // A recognition has no address of its own: it lives in its model.
        ["/cukhoi.dvk.v1.DvkModelService/AddRecognition"] = Template("/cukhoi.dvk.v1.DvkModelService/GetDvkModel"),
        ["/cukhoi.contests.v1.ContestService/CreateContest"] = Template("/cukhoi.contests.v1.ContestService/GetContest"),
        ["/cukhoi.contests.v1.ContestService/SubmitEntry"] = Template("/cukhoi.contests.v1.ContestService/GetEntry"),
    };

    private static string Template(string method) =>
        ProtoMethods.Find(method) is { } descriptor && ProtoMethods.PathTemplate(descriptor) is { } template
            ? template
            : throw new InvalidOperationException($"{method} has no google.api.http route.");
}
