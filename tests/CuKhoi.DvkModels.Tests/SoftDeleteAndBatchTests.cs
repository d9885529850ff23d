using CuKhoi.DvkModels.Domain;
using CuKhoi.Protos.Dvk.V1;
using CuKhoi.Testing;
using Grpc.Core;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>Soft delete (AIP-164) and batch get, on both databases.</summary>
public class SoftDeleteAndBatchTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_deleted_model_leaves_lists_stays_readable_and_comes_back(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var kept = await host.Editor.RegisterAsync(TestData.Model(tag, "Giữ lại"));
        var model = await host.Editor.RegisterAsync(TestData.Model(tag, "Sẽ bị xóa"));

        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = model.Id, Etag = model.Etag });
        var listed = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag) });
        var searched = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Q = $"xoa {tag}" });
        var read = await host.Editor.GetDvkModelAsync(new GetDvkModelRequest { Id = model.Id });

        Assert.Equal(kept.Id, Assert.Single(listed.DvkModels).Id);
        Assert.Equal(1, listed.TotalSize);
        Assert.Empty(searched.DvkModels);
        Assert.NotNull(read.DeleteTime);
        Assert.Equal("v2", read.Etag);

        var twice = await RpcAssert.ThrowsAsync(StatusCode.NotFound, () => host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = model.Id }).ResponseAsync);
        Assert.Equal(DvkReasons.ModelDeleted, twice.Reason());
        Assert.Contains("đã bị xóa", twice.VietnameseMessage());

        var restored = await host.Editor.UndeleteDvkModelAsync(new UndeleteDvkModelRequest { Id = model.Id, Etag = read.Etag });
        var relisted = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag) });

        Assert.Null(restored.DeleteTime);
        Assert.Equal(2, relisted.TotalSize);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_deleted_model_cannot_be_changed_and_a_live_one_cannot_be_undeleted(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var model = await host.Editor.RegisterAsync(TestData.Model(TestData.Tag()));

        var undelete = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, () => host.Editor.UndeleteDvkModelAsync(new UndeleteDvkModelRequest { Id = model.Id }).ResponseAsync);
        Assert.Equal(DvkReasons.ModelNotDeleted, undelete.Reason());
        Assert.Contains("chưa bị xóa", undelete.VietnameseMessage());

        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = model.Id });
        var changes = new Func<Task>[]
        {
            () => host.Editor.MoveAsync(model.Id, Status.Implementing),
            () => host.Editor.RecogniseAsync(model.Id),
            () => host.Editor.UpdateDvkModelAsync(new UpdateDvkModelRequest { DvkModel = new DvkModel { Id = model.Id, Name = "Tên mới" } }).ResponseAsync,
        };
        foreach (var change in changes)
        {
            var e = await RpcAssert.ThrowsAsync(StatusCode.FailedPrecondition, change);
            Assert.Equal(DvkReasons.ModelDeleted, e.Reason());
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Batch_get_returns_the_found_in_order_deleted_included_and_names_the_missing(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var a = await host.Editor.RegisterAsync(TestData.Model(tag, "A"));
        var b = await host.Editor.RecogniseAsync((await host.Editor.RegisterAsync(TestData.Model(tag, "B"))).Id);
        var c = await host.Editor.RegisterAsync(TestData.Model(tag, "C"));
        await host.Editor.DeleteDvkModelAsync(new DeleteDvkModelRequest { Id = c.Id });

        var response = await host.Service.BatchGetDvkModelsAsync(new BatchGetDvkModelsRequest { Ids = { c.Id, "missing-1", b.Id, a.Id, b.Id } });

        Assert.Equal([c.Id, b.Id, a.Id], response.DvkModels.Select(m => m.Id));
        Assert.NotNull(response.DvkModels[0].DeleteTime);
        Assert.Equal(b.Recognitions, response.DvkModels[1].Recognitions);
        Assert.Equal(["missing-1"], response.MissingIds);

        // Callers without dvk:write get the recognised, live ones; the rest count as missing.
        var anonymous = await host.Anonymous.BatchGetDvkModelsAsync(new BatchGetDvkModelsRequest { Ids = { a.Id, b.Id, c.Id } });
        Assert.Equal([b.Id], anonymous.DvkModels.Select(m => m.Id));
        Assert.Equal([a.Id, c.Id], anonymous.MissingIds);
    }
}
