using CuKhoi.Protos.Dvk.V1;
using Field = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Field;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Tests;

/// <summary>Filters, keyset paging, Vietnamese collation and accent-insensitive search, on both databases.</summary>
public class ListTests(DvkHosts hosts) : IClassFixture<DvkHosts>
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_filter_combines_with_the_others(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var target = await host.Editor.RegisterAsync(TestData.Model(tag, "Mô hình đích", 2021, Field.Economy));
        await host.Editor.RecogniseAsync(target.Id, TestData.Recognition(Level.City, 2021, 9, 1));
        var wardOnly = await host.Editor.RegisterAsync(TestData.Model(tag, "Chỉ cấp phường", 2021, Field.Economy));
        await host.Editor.RecogniseAsync(wardOnly.Id, TestData.Recognition(Level.Ward, 2021, 9, 1));
        await host.Editor.RegisterAsync(TestData.Model(tag, "Năm khác", 2022, Field.Economy));
        await host.Editor.RegisterAsync(TestData.Model(tag, "Lĩnh vực khác", 2021, Field.DefenceSecurity));
        await host.Editor.RegisterAsync(TestData.Model(TestData.Tag(), "Mô hình đích của đơn vị khác", 2021, Field.Economy));

        var all = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag) });
        var combined = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest
        {
            OwnerUnit = TestData.OwnerUnit(tag),
            Year = 2021,
            Field = Field.Economy,
            Status = Status.Recognised,
            Level = Level.City,
            Q = "dich",
        });
        var byLevel = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), Level = Level.Ward });
        var byYearAndField = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), Year = 2021, Field = Field.Economy });
        var registered = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), Status = Status.Registered });

        Assert.Equal(4, all.TotalSize);
        Assert.Equal(target.Id, Assert.Single(combined.DvkModels).Id);
        Assert.Equal(1, combined.TotalSize);
        Assert.Equal(wardOnly.Id, Assert.Single(byLevel.DvkModels).Id);
        Assert.Equal(2, byYearAndField.TotalSize);
        Assert.Equal(2, registered.TotalSize);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_owner_unit_filter_matches_exactly_or_without_accents(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var unit = $"Chi bộ Công an phường {tag}";
        var model = await host.Editor.RegisterAsync(TestData.Model(tag, ownerUnit: unit));

        foreach (var asked in new[] { unit, unit.Normalize(System.Text.NormalizationForm.FormD), $"chi bo cong an  phuong {tag}", $"CHI BỘ CÔNG AN PHƯỜNG {tag.ToUpperInvariant()}" })
        {
            var found = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = asked });
            Assert.Equal(model.Id, Assert.Single(found.DvkModels).Id);
        }

        var partial = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = "Chi bộ Công an" });
        Assert.DoesNotContain(partial.DvkModels, m => m.Id == model.Id);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Pages_follow_each_other_without_gaps_or_repeats_in_every_order(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var names = new[] { "Đức", "An", "Ba", "Ấp", "Dung", "Ân", "Ân" };
        var years = new[] { 2020, 2021, 2020, 2022, 2021, 2020, 2022 };
        var created = new List<DvkModel>();
        for (var i = 0; i < names.Length; i++)
        {
            created.Add(await host.Editor.RegisterAsync(TestData.Model(tag, names[i], years[i])));
        }

        foreach (var order in new[] { "", "updateTime desc", "name", "year desc", "Year  DESC" })
        {
            var request = new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), PageSize = 2, OrderBy = order };
            var first = await host.Editor.ListDvkModelsAsync(request);
            var all = await host.Editor.ListAllAsync(request);

            Assert.Equal(names.Length, first.TotalSize);
            Assert.Equal(2, first.DvkModels.Count);
            Assert.Equal(created.Select(m => m.Id).Order(), all.Select(m => m.Id).Order());
        }

        var byName = await host.Editor.ListAllAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), PageSize = 3, OrderBy = "name" });
        Assert.Equal(["An", "Ân", "Ân", "Ấp", "Ba", "Dung", "Đức"], byName.Select(m => m.Name));

        var byYear = await host.Editor.ListAllAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), PageSize = 2, OrderBy = "year desc" });
        Assert.Equal(["2022 Ân", "2022 Ấp", "2021 An", "2021 Dung", "2020 Ân", "2020 Ba", "2020 Đức"], byYear.Select(m => $"{m.Year} {m.Name}"));

        var byUpdate = await host.Editor.ListAllAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), PageSize = 4 });
        Assert.Equal(created.Select(m => m.Id).Reverse(), byUpdate.Select(m => m.Id));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Vietnamese_collation_orders_an_before_aan_before_aap_before_ba_before_dung_before_duc(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        foreach (var name in new[] { "Đức", "Ba", "Dung", "Ấp", "Ân", "An" })
        {
            await host.Editor.RegisterAsync(TestData.Model(tag, name));
        }

        var page = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { OwnerUnit = TestData.OwnerUnit(tag), OrderBy = "name" });

        Assert.Equal(["An", "Ân", "Ấp", "Ba", "Dung", "Đức"], page.DvkModels.Select(m => m.Name));
    }

    [SkippableTheory]
    [InlineData("sqlite", "dan van kheo", new[] { "kheo", "gpmb" })]
    [InlineData("postgres", "dan van kheo", new[] { "kheo", "gpmb" })]
    [InlineData("sqlite", "DÂN VẬN KHÉO", new[] { "kheo", "gpmb" })]
    [InlineData("postgres", "Dân Vận Khéo", new[] { "kheo", "gpmb" })]
    [InlineData("sqlite", "GPMB", new[] { "gpmb" })]
    [InlineData("postgres", "gpmb", new[] { "gpmb" })]
    [InlineData("sqlite", "ton giao", new[] { "tongiao" })]
    [InlineData("postgres", "tôn giáo", new[] { "tongiao" })]
    [InlineData("sqlite", "cong an", new[] { "congan" })]
    [InlineData("postgres", "công an", new[] { "congan" })]
    [InlineData("sqlite", "dang uy", new[] { "danguy" })]
    [InlineData("postgres", "đảng ủy", new[] { "danguy" })]
    public async Task Search_ignores_accents_and_case_over_name_description_methods_results_and_owner_unit(string provider, string q, string[] expected)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var models = new Dictionary<string, DvkModel>
        {
            ["kheo"] = TestData.Model(tag, "Mô hình “Dân vận khéo” ở tổ dân phố"),
            ["gpmb"] = TestData.Model(tag, "Đồng hành cùng nhân dân"),
            ["tongiao"] = TestData.Model(tag, "Khu dân cư văn minh"),
            ["congan"] = TestData.Model(tag, "Camera an ninh", ownerUnit: $"Chi bộ Công an phường {tag}"),
            ["danguy"] = TestData.Model(tag, "Sổ tay đảng viên"),
        };
        models["gpmb"].Methods = "Dân vận khéo trong công tác GPMB: gặp từng hộ.";
        models["tongiao"].Results = "Bà con theo đạo đồng thuận; công tác tôn giáo ổn định.";
        models["danguy"].Description = $"Đảng ủy phường chỉ đạo {tag}.";
        var ids = new Dictionary<string, string>();
        foreach (var (key, model) in models)
        {
            ids[key] = (await host.Editor.RegisterAsync(model)).Id;
        }

        // The tag keeps other tests' models out: every word must match.
        var found = await host.Editor.ListDvkModelsAsync(new ListDvkModelsRequest { Q = $"{q} {tag}" });

        Assert.Equal(expected.Select(k => ids[k]).Order(), found.DvkModels.Select(m => m.Id).Order());
        Assert.Equal(expected.Length, found.TotalSize);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Relevance_puts_a_hit_in_the_name_first_and_pages(string provider)
    {
        var host = await hosts.GetAsync(provider);
        var tag = TestData.Tag();
        var inBody = TestData.Model(tag, "Tổ tự quản");
        inBody.Results = "Góp phần vào công tác giải phóng mặt bằng.";
        var bodyHit = await host.Editor.RegisterAsync(inBody);
        var nameHit = await host.Editor.RegisterAsync(TestData.Model(tag, "Giải phóng mặt bằng không khiếu kiện"));
        await host.Editor.RegisterAsync(TestData.Model(tag, "Không liên quan"));

        var request = new ListDvkModelsRequest { Q = $"giai phong mat bang {tag}", OrderBy = "relevance", PageSize = 1 };
        var all = await host.Editor.ListAllAsync(request);

        Assert.Equal([nameHit.Id, bodyHit.Id], all.Select(m => m.Id));
    }
}
