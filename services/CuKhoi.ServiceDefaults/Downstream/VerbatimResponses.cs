using System.Buffers;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Google.Protobuf;
using Grpc.Core;

namespace CuKhoi.ServiceDefaults.Downstream;

/// <summary>
/// A call invoker whose unary and server-streaming answers are not decoded: each response
/// message is a blank instance of its type carrying the service's bytes as unknown fields,
/// which protobuf writes back out unchanged. For a front door that only relays a native gRPC
/// answer, this skips decoding every string from UTF-8 and encoding it again (an 11 KB
/// article is mostly text).
/// <para>
/// Such a message reads as empty: only a caller that passes its bytes on (to a gRPC response,
/// or the gateway's NDJSON export lines, written from the bytes) may use this invoker. Nor are its bytes checked (a string's UTF-8, say): it is for answers
/// of our own services, written from the same protos. Requests, and every other kind of
/// call, pass through as they are. A service uses the same kind of message for an answer it
/// encodes itself (<see cref="VerbatimMessage{T}.FromBytes"/>).
/// </para>
/// </summary>
public sealed class VerbatimResponses(CallInvoker inner) : CallInvoker
{
    private readonly ConcurrentDictionary<IMethod, object> _methods = new();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        inner.AsyncUnaryCall(Verbatim(method), host, options, request);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        inner.AsyncServerStreamingCall(Verbatim(method), host, options, request);

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        inner.BlockingUnaryCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        inner.AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        inner.AsyncDuplexStreamingCall(method, host, options);

    /// <summary>The same method (name, request marshaller) with a response marshaller that keeps the bytes.</summary>
    private Method<TRequest, TResponse> Verbatim<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class =>
        (Method<TRequest, TResponse>)_methods.GetOrAdd(method, static (_, m) => new Method<TRequest, TResponse>(
            m.Type,
            m.ServiceName,
            m.Name,
            m.RequestMarshaller,
            Marshallers.Create(m.ResponseMarshaller.ContextualSerializer, VerbatimMessage<TResponse>.Parse)), method);
}

/// <summary>
/// Parses a message's bytes into a blank <typeparamref name="T"/> whose unknown fields hold
/// them all, field by field in the order they came; writing it out gives the same fields back.
/// </summary>
public static class VerbatimMessage<T>
    where T : class
{
    private static readonly Func<T> New = Expression.Lambda<Func<T>>(Expression.New(typeof(T))).Compile();

    // Generated messages keep what they do not know in a private field and write it out
    // after their known fields; a blank message therefore writes exactly these.
    private static readonly Action<T, UnknownFieldSet> SetUnknownFields = UnknownFieldsSetter();

    /// <summary>
    /// The payload is read from a pooled buffer: the unknown fields copy what they keep, so
    /// the buffer is free again once they are read (a new one would be a second copy of every
    /// answer for the collector).
    /// </summary>
    public static T Parse(DeserializationContext context)
    {
        var length = context.PayloadLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            context.PayloadAsReadOnlySequence().CopyTo(buffer);
            return FromBytes(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A message that writes out exactly these bytes, a serialized
    /// <typeparamref name="T"/>: for a service that encodes an answer itself (the articles
    /// service's GetArticle, from the row's bytes) and hands it to gRPC as the message type.
    /// </summary>
    public static T FromBytes(byte[] wire, int offset, int length)
    {
        var input = new CodedInputStream(wire, offset, length);
        UnknownFieldSet? fields = null;
        while (input.ReadTag() != 0)
        {
            fields = UnknownFieldSet.MergeFieldFrom(fields, input);
        }

        var message = New();
        if (fields is not null)
        {
            SetUnknownFields(message, fields);
        }

        return message;
    }

    private static Action<T, UnknownFieldSet> UnknownFieldsSetter()
    {
        var field = typeof(IMessage).IsAssignableFrom(typeof(T))
            ? typeof(T).GetField("_unknownFields", BindingFlags.Instance | BindingFlags.NonPublic)
            : null;
        if (field?.FieldType != typeof(UnknownFieldSet))
        {
            throw new InvalidOperationException($"{typeof(T)} is not a generated protobuf message with unknown fields; its answers cannot be relayed verbatim.");
        }

        var message = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(UnknownFieldSet));
        return Expression.Lambda<Action<T, UnknownFieldSet>>(Expression.Assign(Expression.Field(message, field), value), message, value).Compile();
    }
}
