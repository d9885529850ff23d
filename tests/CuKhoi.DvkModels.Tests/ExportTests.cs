using CuKhoi.Protos.Dvk.V1;
using CuKhoi.ServiceDefaults.Errors;
using CuKhoi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CuKhoi.DvkModels.Tests;

/// <summary>The export stream: stable order, since, resuming after a cut, deletions visible.</summary>
public class ExportTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_export_cut_short_resumes_without_gaps_or_repeats(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var tag = TestData.Tag();
        var created = new List<DvkModel>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await host.Editor.RegisterAsync(TestData.Model(tag, $"Mô hình {i}")));
        }

        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = created[1].Id });
        var request = new ExportDvkModelsRequest { Since = Timestamp.FromDateTimeOffset(since) };
        var full = await ReadAsync(host.Editor, request, int.MaxValue);

        // Cut after two messages, then resume from the last token received.
        var head = await ReadAsync(host.Editor, request, 2);
        var tail = await ReadAsync(host.Editor, new ExportDvkModelsRequest { ResumeToken = head[^1].ResumeToken }, int.MaxValue);

        var mine = full.Where(r => r.DvkModel.OwnerUnit == TestData.OwnerUnit(tag)).ToList();
        Assert.Equal(5, mine.Count);
        Assert.NotNull(mine.Single(r => r.DvkModel.Id == created[1].Id).DvkModel.DeleteTime);
        Assert.Equal(created[1].Id, full[^1].DvkModel.Id); // the deletion moved it last: an editor's mirror sees it
        Assert.Equal(full.Select(r => r.DvkModel.Id), head.Concat(tail).Select(r => r.DvkModel.Id));
        Assert.All(full, r => Assert.NotEmpty(r.ResumeToken));
        Assert.True(full.Zip(full.Skip(1)).All(p => p.First.DvkModel.UpdateTime <= p.Second.DvkModel.UpdateTime));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Reports_read_exports_the_public_models_and_dvk_write_every_one(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var registered = await host.Editor.RegisterAsync(TestData.Model(tag, "Mới đăng ký"));
        var recognised = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(tag, "Đã công nhận"))).Id);
        var deleted = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(tag, "Công nhận rồi xóa"))).Id);
        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = deleted.Id });

        var reporter = (await ReadAsync(host.Reporter, new ExportDvkModelsRequest(), int.MaxValue)).Where(r => r.DvkModel.OwnerUnit == TestData.OwnerUnit(tag));
        var editor = (await ReadAsync(host.Editor, new ExportDvkModelsRequest(), int.MaxValue)).Where(r => r.DvkModel.OwnerUnit == TestData.OwnerUnit(tag));

        Assert.Equal([recognised.Id], reporter.Select(r => r.DvkModel.Id));
        Assert.Equal(new[] { registered.Id, recognised.Id, deleted.Id }.Order(), editor.Select(r => r.DvkModel.Id).Order());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_model_changed_after_the_cut_is_sent_again_at_the_end(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var first = await host.Editor.RegisterAsync(TestData.Model(tag, "Thứ nhất"));
        await host.Editor.RegisterAsync(TestData.Model(tag, "Thứ hai"));
        var request = new ExportDvkModelsRequest { Since = first.CreateTime };
        var head = await ReadAsync(host.Service, request, 1);
        Assert.Equal(first.Id, head[0].DvkModel.Id);

        var renamed = await host.Editor.UpdateDvkModelAsync(new UpdateDvkModelRequest { DvkModel = new DvkModel { Id = first.Id, Name = "Đổi tên" } });
        var tail = await ReadAsync(host.Service, new ExportDvkModelsRequest { ResumeToken = head[0].ResumeToken }, int.MaxValue);

        Assert.Equal(renamed, tail[^1].DvkModel);
    }

    [Fact]
    public async Task Exports_need_a_reporting_or_write_scope_and_a_genuine_token()
    {
        var host = await hosts.GetAsync("sqlite");

        var denied = await RpcAssert.ThrowsAsync(StatusCode.PermissionDenied, () => ReadAsync(host.Anonymous, new ExportDvkModelsRequest(), 1));
        Assert.Contains("reports:read", denied.VietnameseMessage());
        var forged = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => ReadAsync(host.Reporter, new ExportDvkModelsRequest { ResumeToken = "eyJ9.AAAA" }, 1));
        Assert.Equal(Problems.Reasons.InvalidPageToken, forged.Reason());
    }

    [Theory]
    [InlineData(long.MaxValue, 0)]
    [InlineData(-62_135_596_801, 0)]
    [InlineData(0, -1)]
    public async Task A_since_that_is_no_real_instant_is_400_not_an_internal_error(long seconds, int nanos)
    {
        var host = await hosts.GetAsync("sqlite");

        var e = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => ReadAsync(host.Reporter, new ExportDvkModelsRequest { Since = new Timestamp { Seconds = seconds, Nanos = nanos } }, 1));

        Assert.Equal("since", Assert.Single(e.BadRequest()!.FieldViolations).Field);
        Assert.Contains("9999-12-31", e.VietnameseMessage());
    }

    private static async Task<List<ExportDvkModelsResponse>> ReadAsync(DvkModelService.DvkModelServiceClient client, ExportDvkModelsRequest request, int take)
    {
        using var call = client.ExportDvkModels(request);
        var received = new List<ExportDvkModelsResponse>();
        while (received.Count < take && await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            received.Add(call.ResponseStream.Current);
        }

        return received;
    }
}
