using CuKhoi.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CuKhoi.Gateway.Http;

/// <summary>
/// Every REST error leaves in the contract's shape. Errors from the services and the
/// gateway's own refusals already have it and pass unchanged; what the frameworks write
/// themselves (transcoding's binding failures, unknown routes, 405, unhandled exceptions)
/// is re-said as google.rpc.Status JSON with ErrorInfo and a vi-VN message. Also drops
/// the body of 204/304 answers (see <see cref="HttpSemanticsInterceptor"/>) and sends a
/// relayed read's JSON in place of transcoding's (<see cref="RelayedJson"/>).
/// </summary>
public sealed class ErrorShapeMiddleware(RequestDelegate next, ILogger<ErrorShapeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.IsGrpc() || context.GetEndpoint()?.Metadata.GetMetadata<OwnErrorBody>() is not null)
        {
            await next(context);
            return;
        }

        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var filter = new ResponseBodyFilter(original, context);
        context.Features.Set<IHttpResponseBodyFeature>(filter);
        Exception? failure = null;
        try
        {
            await next(context);
            if (filter.Held is not null)
            {
                await filter.Writer.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            failure = e;
        }
        finally
        {
            context.Features.Set(original);
        }

        if (context.Response.HasStarted)
        {
            return;
        }

        if (failure is not null)
        {
            await WriteFailureAsync(context, failure);
        }
        else if (filter.Replacement is { } body)
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
        else if (filter.Held is { } held)
        {
            var rewritten = TranscodingErrors.Rewrite(context, held.GetBuffer().AsSpan(0, (int)held.Length));
            if (rewritten is null)
            {
                held.Position = 0;
                await held.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            else
            {
                await StatusJson.WriteAsync(context, rewritten, context.Response.StatusCode);
            }
        }
        else if (context.Response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            await StatusJson.WriteAsync(context, GatewayProblems.ForStatus(context), context.Response.StatusCode);
        }
    }

    private async Task WriteFailureAsync(HttpContext context, Exception failure)
    {
        context.Response.Clear();
        if (failure is BadHttpRequestException bad)
        {
            // Kestrel's own refusals (body too large, bad framing): the caller's fault.
            context.Response.StatusCode = bad.StatusCode;
            await StatusJson.WriteAsync(context, GatewayProblems.ForStatus(context), bad.StatusCode);
            return;
        }

        logger.LogError(failure, "Unhandled failure in {Method} {Path}", context.Request.Method, context.Request.Path);
        await StatusJson.WriteAsync(context, Problems.Internal());
    }
}
