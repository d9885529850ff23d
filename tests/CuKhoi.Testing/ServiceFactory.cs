using CuKhoi.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Testing;

/// <summary>
/// A real service host in process, on its own database, reached through a real
/// <see cref="GrpcChannel"/> over the test server. Calls carry the internal token and,
/// unless told otherwise, act as a gateway caller with the given scopes.
/// </summary>
/// <param name="settings">Configuration over the defaults (internal token, database, Seed:Sample=false).</param>
/// <param name="testServices">Replacements in the host's services (a clock, a downstream handler), applied last.</param>
public class ServiceFactory<TEntryPoint>(
    TestDatabase database,
    IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? testServices = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    public const string InternalToken = "test-internal-token-for-tests-only-0123";

    public TestDatabase Database => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var all = new Dictionary<string, string?>
        {
            ["Internal:Token"] = InternalToken,
            ["Seed:Sample"] = "false",
            // Many hosts share this process: no host hands "its" start-up memory back.
            ["StartupMemory:Delay"] = "00:00:00",
        };
        foreach (var (key, value) in database.Settings().Concat(settings ?? new Dictionary<string, string?>()))
        {
            all[key] = value;
        }

        // Host settings reach builder.Configuration while Program runs (AddDatabase and
        // AddDownstream read it there); app configuration from a factory arrives only at
        // Build(), where it keeps the last word over appsettings and environment variables.
        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(all));
        if (testServices is not null)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    /// <summary>A channel whose calls carry the internal token and no other metadata.</summary>
    public GrpcChannel CreateRawChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>
    /// An invoker acting for a gateway caller. `principal: null` makes it a sibling
    /// service (full trust); `token: null` leaves the internal token out.
    /// </summary>
    public CallInvoker Invoker(string? principal = "test-key", string scopes = "admin", string? token = InternalToken) =>
        CreateRawChannel().Intercept(metadata =>
        {
            if (token is not null)
            {
                metadata.Add(CallMetadata.InternalToken, token);
            }

            if (principal is not null)
            {
                metadata.Add(CallMetadata.Principal, principal);
                metadata.Add(CallMetadata.Scopes, scopes);
            }

            return metadata;
        });

    /// <summary>An anonymous gateway caller.</summary>
    public CallInvoker AnonymousInvoker() => Invoker(CallMetadata.Anonymous, string.Empty);
}

/// <summary>Shorthand for asserting on rich error details.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> ThrowsAsync(StatusCode code, Func<Task> call)
    {
        var exception = await Xunit.Assert.ThrowsAsync<RpcException>(call);
        Xunit.Assert.Equal(code, exception.StatusCode);
        return exception;
    }

    public static Google.Rpc.BadRequest? BadRequest(this RpcException exception) =>
        Grpc.Core.RpcExceptionExtensions.GetRpcStatus(exception)?.GetDetail<Google.Rpc.BadRequest>();

    public static string? Reason(this RpcException exception) =>
        Grpc.Core.RpcExceptionExtensions.GetRpcStatus(exception)?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;

    public static string? VietnameseMessage(this RpcException exception) =>
        Grpc.Core.RpcExceptionExtensions.GetRpcStatus(exception)?.GetDetail<Google.Rpc.LocalizedMessage>()?.Message;
}
