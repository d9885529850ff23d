using System.Diagnostics;
using CuKhoi.EndToEnd.Support;
using Xunit.Abstractions;

namespace CuKhoi.EndToEnd;

/// <summary>
/// A client that shares no code with us: tests/external-client/check.mjs (Node.js, fetch
/// and @grpc/grpc-js with the repository's protos) against the running system. Needs
/// `npm ci --prefix tests/external-client` and build/proto-deps (scripts/buf-lint.sh);
/// without them it is skipped on a developer machine and fails under CI=true.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ExternalClientTests(SystemFixture fixture, ITestOutputHelper log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task A_nodejs_client_reads_rest_and_grpc_from_the_protos()
    {
        var root = BuildOutput.RepositoryRoot;
        var client = Path.Combine(root, "tests", "external-client");
        RequireOrSkip(Directory.Exists(Path.Combine(client, "node_modules")), "tests/external-client/node_modules is missing: run `npm ci --prefix tests/external-client`");
        RequireOrSkip(File.Exists(Path.Combine(root, "build", "proto-deps", "google", "api", "annotations.proto")), "build/proto-deps is missing: run scripts/buf-lint.sh (it copies the google/* protos there)");
        RequireOrSkip(OnPath("node"), "node is not on PATH (Node.js 20 or later)");

        var start = new ProcessStartInfo("node", ["check.mjs", fixture.System.RestBase.ToString().TrimEnd('/'), $"127.0.0.1:{fixture.System.Ports["grpc"]}", fixture.System.AdminKey])
        {
            WorkingDirectory = client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        var output = $"{await stdout}{await stderr}";
        log.WriteLine(output);
        Assert.True(node.ExitCode == 0, $"check.mjs exited with {node.ExitCode}:{Environment.NewLine}{output}");
        Assert.Contains("OK REST annual report 2020", output);
        Assert.Contains("OK gRPC cukhoi.articles.v1.ArticleService/ListArticles", output);
        Assert.DoesNotContain("FAIL", output);
    }

    /// <summary>CI must run it; a developer machine without Node or the packages skips it, saying why.</summary>
    private static void RequireOrSkip(bool present, string why)
    {
        if (present)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{why} (CI=true: this test must run).");
        }

        Skip.If(true, why);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)) || File.Exists(Path.Combine(dir, program + ".exe")));
}
