using System.Net;
using CuKhoi.Protos.Articles.V1;
using CuKhoi.ServiceDefaults.Downstream;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CuKhoi.ServiceDefaults.Tests;

/// <summary>
/// A downstream channel lets a server stream run ahead of its reader by its receive window
/// (DownstreamChannel.StreamWindowBytes), not by HTTP/2's 64 KiB default: an export is not
/// stopped for a WINDOW_UPDATE every 64 KiB. Real Kestrel on loopback, real HTTP/2.
/// </summary>
public sealed class StreamWindowTests : IAsyncLifetime
{
    // 40 × 16 KiB = 640 KiB: inside a 1 MiB window, ten times the default window plus what
    // Kestrel buffers for a stream (64 KiB), so with the default the writes stop early.
    private const int Messages = 40;
    private const int MessageChars = 16 * 1024;

    private readonly AheadStream _service = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_service);
        _app = builder.Build();
        _app.MapGrpcService<AheadStream>();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _service.Release.TrySetResult();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_server_stream_runs_ahead_of_an_idle_reader_by_the_channel_window()
    {
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        using var channel = DownstreamChannel.Create("Articles", new DownstreamOptions { Address = address }, null, NullLoggerFactory.Instance);
        var client = new ArticleService.ArticleServiceClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var call = client.ExportArticles(new ExportArticlesRequest(), cancellationToken: timeout.Token);

        // Nothing is read yet: every write completes only if the window holds them all.
        var written = await Task.WhenAny(_service.AllWritten.Task, Task.Delay(Timeout.Infinite, timeout.Token));
        Assert.True(written == _service.AllWritten.Task, $"the server stream stopped after {_service.Written} of {Messages} messages");

        _service.Release.TrySetResult();
        var received = 0;
        await foreach (var message in call.ResponseStream.ReadAllAsync(timeout.Token))
        {
            Assert.Equal(MessageChars, message.Article.Body.Length);
            received++;
        }

        Assert.Equal(Messages, received);
    }

    private sealed class AheadStream : ArticleService.ArticleServiceBase
    {
        private int _written;

        public TaskCompletionSource AllWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Written => Volatile.Read(ref _written);

        public override async Task ExportArticles(ExportArticlesRequest request, IServerStreamWriter<ExportArticlesResponse> responseStream, ServerCallContext context)
        {
            var body = new string('d', MessageChars);
            for (var i = 0; i < Messages; i++)
            {
                await responseStream.WriteAsync(new ExportArticlesResponse { Article = new Article { Id = $"a{i}", Body = body } });
                Interlocked.Increment(ref _written);
            }

            AllWritten.TrySetResult();
            await Release.Task.WaitAsync(context.CancellationToken);
        }
    }
}
