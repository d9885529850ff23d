using CuKhoi.DvkModels.Grpc;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Grpc;
using CuKhoi.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CuKhoi.Contests.Tests;

/// <summary>The real DVK service in process, on its own SQLite file; tests register the models they need.</summary>
/// <param name="sample">Start with the DVK service's sample data (Seed:Sample=true).</param>
public sealed class RealDvkHost(bool sample = false) : ServiceHost<DvkModelServiceImpl, DvkModelService.DvkModelServiceClient>(
    new ServiceFactory<DvkModelServiceImpl>(
        TestDatabase.Sqlite(),
        new Dictionary<string, string?> { ["Seed:Sample"] = sample ? "true" : "false" }),
    invoker => new(invoker))
{
    /// <summary>A model the public may see (RECOGNISED by the ward) unless <paramref name="recognised"/> is false.</summary>
    public async Task<DvkModel> RegisterAsync(string name, bool recognised = true)
    {
        var model = new DvkModel
        {
            Kind = DvkModel.Types.Kind.Model,
            Name = name,
            OwnerUnit = "Chi bộ Tổ dân phố số 5",
            Field = DvkModel.Types.Field.CultureSociety,
            Year = 2020,
        };
        var registered = await Admin.RegisterDvkModelAsync(new RegisterDvkModelRequest { DvkModel = model });
        return !recognised ? registered : await Admin.AddRecognitionAsync(new AddRecognitionRequest
        {
            DvkModelId = registered.Id,
            Recognition = new Recognition
            {
                Level = Recognition.Types.Level.Ward,
                Kind = Recognition.Types.Kind.Recognition,
                Year = 2020,
                DecisionNumber = "12/QĐ-UBND",
                DecisionDate = new Google.Type.Date { Year = 2020, Month = 12, Day = 15 },
                Issuer = "UBND phường Cự Khối",
            },
        });
    }

    public async Task DeleteAsync(string id) =>
        await Admin.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = id });
}

/// <summary>
/// A stand-in DVK service whose BatchGetDvkModels never answers: it records the call's
/// deadline and metadata, then waits until the call is cancelled (by the deadline or the
/// caller) and reports that. No sleeps: tests await <see cref="Cancelled"/>.
/// </summary>
public sealed class SlowDvkHost : IAsyncDisposable
{
    private WebApplication? _app;

    public TaskCompletionSource<DateTime> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<SlowDvkHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddGrpc();
        var host = new SlowDvkHost();
        builder.Services.AddSingleton(host);
        host._app = builder.Build();
        host._app.MapGrpcService<SlowService>();
        await host._app.StartAsync();
        return host;
    }

    public HttpMessageHandler CreateHandler() => _app!.GetTestServer().CreateHandler();

    public async ValueTask DisposeAsync() => await _app!.DisposeAsync();

    /// <summary>What the slow service saw of a call: its deadline, and whether it named an end caller.</summary>
    public sealed record Seen(DateTime Deadline, bool HasToken, string? Principal);

    public TaskCompletionSource<Seen> SeenCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class SlowService(SlowDvkHost host) : DvkModelService.DvkModelServiceBase
    {
        public override async Task<BatchGetDvkModelsResponse> BatchGetDvkModels(BatchGetDvkModelsRequest request, ServerCallContext context)
        {
            host.SeenCall.TrySetResult(new Seen(
                context.Deadline,
                context.RequestHeaders.GetValue(CallMetadata.InternalToken) is not null,
                context.RequestHeaders.GetValue(CallMetadata.Principal)));
            var never = new TaskCompletionSource();
            try
            {
                await never.Task.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                host.Cancelled.TrySetResult(DateTime.UtcNow);
                throw;
            }

            return new BatchGetDvkModelsResponse();
        }
    }
}
