namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// Replaces the network under one downstream's channel (registered as a singleton, matched by
/// the client's type name, e.g. "ArticleServiceClient"): tests route a host's calls to another
/// host's in-process test server or to a fake. Production registers none.
/// </summary>
public sealed record DownstreamTransport(string Client, Func<HttpMessageHandler> CreateHandler);
