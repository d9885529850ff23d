using System.Reflection;

namespace CuKhoi.EndToEnd.Support;

/// <summary>What the project file recorded at build time (target RecordHostPaths): no guessing of bin/ layouts.</summary>
public static class BuildOutput
{
    /// <summary>The dll of a host project, e.g. "CuKhoi.Articles" → /…/services/CuKhoi.Articles/bin/Debug/net10.0/CuKhoi.Articles.dll.</summary>
    public static string HostDll(string host) => Metadata("host:" + host);

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRoot => Metadata("repository-root");

    private static string Metadata(string key) =>
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The build did not record '{key}' (see RecordHostPaths in CuKhoi.EndToEnd.csproj).");
}
