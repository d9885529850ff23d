using CuKhoi.Protos.Dvk.V1;
using Field = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Field;
using Kind = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Kind;
using Level = CuKhoi.Protos.Dvk.V1.Recognition.Types.Level;
using RecognitionKind = CuKhoi.Protos.Dvk.V1.Recognition.Types.Kind;
using Status = CuKhoi.Protos.Dvk.V1.DvkModel.Types.Status;

namespace CuKhoi.DvkModels.Seed;

/// <summary>
/// The sample models, built from the seed document (the 2020 year-end conference of phường
/// Cự Khối): "Trong năm phường đã được Quận khen thưởng 01 mô hình Dân vận khéo", so exactly
/// one DISTRICT recognition, in 2020; its GPMB and tôn giáo work. Everything else is
/// invented and marked "(Dữ liệu mẫu)". Unit names are as they were at the time.
/// </summary>
public static class DvkSampleData
{
    private const string Sample = " (Dữ liệu mẫu)";
    private const string Ward = "UBND phường Cự Khối";

    public static IReadOnlyList<(DvkModel Model, Recognition[] Recognitions)> Models() =>
    [
        (Model(SampleDvkModels.GpmbTeam, "DVK-2020-01", Kind.Model, Field.Economy, 2020, Status.Recognised, new DateOnly(2020, 2, 17),
            name: "Tổ dân vận đồng hành cùng nhân dân trong giải phóng mặt bằng",
            ownerUnit: "Chi bộ tổ dân phố số 5",
            topics: ["GPMB"],
            description: "Mô hình “Dân vận khéo” của Chi bộ tổ dân phố số 5: Tổ dân vận cùng Ban công tác Mặt trận đến từng hộ có đất bị thu hồi, lắng nghe ý kiến và giải thích chính sách bồi thường, hỗ trợ, tái định cư trong công tác GPMB.",
            objectives: "Tạo đồng thuận của nhân dân, bàn giao mặt bằng đúng tiến độ dự án đường gom đê tả sông Hồng.",
            methods: "Họp tổ dân phố công khai phương án bồi thường; mỗi đảng viên phụ trách 3 hộ; đối thoại trực tiếp giữa lãnh đạo phường với các hộ còn băn khoăn.",
            results: "27/27 hộ bàn giao mặt bằng đúng hạn, không có đơn thư vượt cấp; được Quận khen thưởng năm 2020.",
            beneficiaries: "Các hộ dân tổ dân phố số 5 và người dân phường Cự Khối."),
            [
                Recognition(Level.Ward, RecognitionKind.Recognition, 2020, "45/QĐ-UBND", new DateOnly(2020, 6, 30), Ward, "Công nhận mô hình Dân vận khéo cấp phường đợt 1 năm 2020."),
                Recognition(Level.District, RecognitionKind.Commendation, 2020, "3568/QĐ-UBND", new DateOnly(2020, 12, 18), "UBND quận Long Biên", "Khen thưởng mô hình “Dân vận khéo” năm 2020."),
            ]),
        (Model(SampleDvkModels.SecurityCameras, "DVK-2020-02", Kind.Model, Field.DefenceSecurity, 2020, Status.Recognised, new DateOnly(2020, 3, 9),
            name: "Camera an ninh – “mắt thần” khu dân cư",
            ownerUnit: "Chi bộ Công an phường",
            topics: ["an ninh trật tự"],
            description: "Công an phường vận động các hộ kinh doanh và tổ dân phố cùng góp kinh phí lắp camera tại các ngõ, kết nối về trụ sở Công an phường.",
            objectives: "Phòng ngừa trộm cắp, giữ bình yên khu dân cư.",
            methods: "Dân bàn, dân góp, dân kiểm tra; mỗi cụm camera có một tổ viên tổ bảo vệ an ninh trật tự theo dõi.",
            results: "Lắp 64 camera ở 11 tổ dân phố; số vụ trộm cắp tài sản giảm rõ rệt so với năm 2019.",
            beneficiaries: "Nhân dân và hộ kinh doanh trên địa bàn phường."),
            [
                Recognition(Level.Ward, RecognitionKind.Recognition, 2020, "46/QĐ-UBND", new DateOnly(2020, 6, 30), Ward, "Công nhận mô hình Dân vận khéo cấp phường đợt 1 năm 2020."),
            ]),
        (Model(SampleDvkModels.ParishNeighbourhood, "DVK-2021-01", Kind.Model, Field.CultureSociety, 2021, Status.Recognised, new DateOnly(2021, 3, 1),
            name: "Vận động đồng bào Công giáo chung tay xây dựng khu dân cư văn minh",
            ownerUnit: "Tổ dân phố số 3",
            topics: ["tôn giáo"],
            description: "Ban công tác Mặt trận tổ dân phố phối hợp với Ban hành giáo giáo họ vận động bà con giáo dân “sống tốt đời, đẹp đạo”, tham gia vệ sinh môi trường và các phong trào của phường; làm tốt công tác tôn giáo ở khu dân cư.",
            objectives: "Tăng cường khối đại đoàn kết toàn dân tộc trong công tác tôn giáo.",
            methods: "Gặp gỡ chức sắc, chức việc trước các dịp lễ lớn; thăm hỏi gia đình giáo dân có hoàn cảnh khó khăn; đưa nội dung vận động vào bản tin giáo họ.",
            results: "100% hộ giáo dân ký cam kết xây dựng khu dân cư văn minh; tổ dân phố đạt danh hiệu khu dân cư văn hóa năm 2021.",
            beneficiaries: "Bà con giáo dân và nhân dân tổ dân phố số 3."),
            [
                Recognition(Level.Ward, RecognitionKind.Recognition, 2021, "52/QĐ-UBND", new DateOnly(2021, 11, 19), Ward, "Công nhận mô hình Dân vận khéo cấp phường năm 2021."),
            ]),
        (Model(SampleDvkModels.WomenHouseholdEconomy, "DVK-2021-02", Kind.Model, Field.Economy, 2021, Status.Implementing, new DateOnly(2021, 4, 5),
            name: "Phụ nữ Cự Khối giúp nhau phát triển kinh tế gia đình",
            ownerUnit: "Hội Liên hiệp Phụ nữ phường Cự Khối",
            topics: ["kinh tế hộ gia đình"],
            description: "Các chi hội phụ nữ lập tổ tiết kiệm, giúp hội viên khó khăn vay vốn không lãi để chăn nuôi, trồng rau an toàn ven đê.",
            objectives: "Giảm hộ cận nghèo, nâng thu nhập của hội viên.",
            methods: "Mỗi tháng hội viên góp 100.000 đồng; ban điều hành chọn hộ vay công khai tại buổi sinh hoạt chi hội.",
            results: "Sau một năm, 18 hội viên được vay vốn, 5 hộ thoát cận nghèo.",
            beneficiaries: "Hội viên phụ nữ có hoàn cảnh khó khăn."),
            []),
        (Model(SampleDvkModels.YouthDykeRoad, "DVK-2021-03", Kind.Model, Field.CultureSociety, 2021, Status.UnderReview, new DateOnly(2021, 3, 26),
            name: "Thanh niên tình nguyện giữ xanh – sạch tuyến đê tả sông Hồng",
            ownerUnit: "Đoàn Thanh niên phường Cự Khối",
            topics: ["môi trường"],
            description: "Đoàn viên thanh niên nhận chăm sóc từng đoạn đê, trồng cây xanh và vận động người dân không đổ rác thải xây dựng ra bãi sông.",
            objectives: "Cảnh quan đê sạch đẹp, nâng ý thức bảo vệ môi trường của người dân.",
            methods: "Ra quân ngày Chủ nhật xanh hằng tháng; gắn biển “Đoạn đê thanh niên tự quản”; tuyên truyền qua loa truyền thanh tổ dân phố.",
            results: "Trồng 350 cây xanh, xóa 6 điểm tập kết rác tự phát.",
            beneficiaries: "Nhân dân các tổ dân phố ven đê."),
            []),
        (Model(SampleDvkModels.PartyCellNotebook, "DVK-2022-01", Kind.Model, Field.PartyPoliticalSystem, 2022, Status.Recognised, new DateOnly(2022, 2, 21),
            name: "Sổ tay ghi nhận ý kiến nhân dân của đảng viên",
            ownerUnit: "Chi bộ tổ dân phố số 2",
            topics: ["quy chế dân chủ"],
            description: "Mỗi đảng viên có một sổ tay ghi lại kiến nghị của các hộ mình phụ trách; chi bộ xem xét tại sinh hoạt định kỳ, thực hiện quy chế dân chủ ở cơ sở theo phương châm Dân vận khéo.",
            objectives: "Nắm chắc tâm tư, nguyện vọng của nhân dân; giải quyết kiến nghị ngay từ cơ sở.",
            methods: "Đảng viên ghi ý kiến khi đến thăm hộ; chi ủy tổng hợp, chuyển kiến nghị lên Đảng ủy, UBND phường và báo lại kết quả cho dân.",
            results: "41 kiến nghị được tiếp nhận, 38 kiến nghị được giải quyết trong năm.",
            beneficiaries: "Nhân dân tổ dân phố số 2."),
            [
                Recognition(Level.Ward, RecognitionKind.Recognition, 2022, "38/QĐ-UBND", new DateOnly(2022, 12, 9), Ward, "Công nhận mô hình Dân vận khéo cấp phường năm 2022."),
            ]),
        (Model(SampleDvkModels.LandDonor, "DVK-2022-02", Kind.ExemplarIndividual, Field.Economy, 2022, Status.Recognised, new DateOnly(2022, 5, 16),
            name: "Bà Nguyễn Thị Hòa – người đi đầu hiến đất mở rộng ngõ xóm",
            ownerUnit: "Tổ dân phố số 7",
            topics: ["GPMB", "hiến đất"],
            description: "Điển hình Dân vận khéo trong GPMB: bà Hòa tự nguyện hiến 12 m² đất và vận động các hộ lân cận cùng hiến đất để mở rộng ngõ.",
            objectives: "Mở rộng ngõ đủ cho xe cứu hỏa vào.",
            methods: "Nêu gương trước, vận động sau; cùng tổ dân phố đến từng nhà giải thích lợi ích chung.",
            results: "14 hộ hiến tổng cộng 96 m² đất; ngõ được mở rộng từ 1,8 m lên 3,5 m.",
            beneficiaries: "Các hộ dân trong ngõ và người dân tổ dân phố số 7."),
            [
                Recognition(Level.Ward, RecognitionKind.Commendation, 2022, "39/QĐ-UBND", new DateOnly(2022, 12, 9), Ward, "Khen thưởng điển hình Dân vận khéo năm 2022."),
            ]),
        (Model(SampleDvkModels.MediationCollective, "DVK-2023-01", Kind.ExemplarCollective, Field.CultureSociety, 2023, Status.Registered, new DateOnly(2023, 3, 8),
            name: "Chi hội Phụ nữ tổ dân phố số 4 – tập thể tiêu biểu trong hòa giải ở cơ sở",
            ownerUnit: "Hội Liên hiệp Phụ nữ phường Cự Khối",
            topics: ["hòa giải cơ sở"],
            description: "Chi hội phụ nữ tham gia tổ hòa giải, kịp thời hòa giải mâu thuẫn gia đình và tranh chấp nhỏ giữa các hộ.",
            objectives: "Giữ gìn tình làng nghĩa xóm, không để mâu thuẫn kéo dài.",
            methods: "Hội viên nắm tình hình từng gia đình; hòa giải viên là phụ nữ có uy tín trong khu dân cư.",
            results: "Hòa giải thành 9/10 vụ việc trong năm.",
            beneficiaries: "Các gia đình trong tổ dân phố số 4."),
            []),
        (Model(SampleDvkModels.FestivalSecurity, "DVK-2023-02", Kind.Model, Field.DefenceSecurity, 2023, Status.Suspended, new DateOnly(2023, 9, 4),
            name: "Công an phường cùng Ban hành giáo giữ an ninh trật tự dịp lễ tôn giáo",
            ownerUnit: "Công an phường Cự Khối",
            topics: ["tôn giáo", "an ninh trật tự"],
            description: "Công an phường phối hợp với Ban hành giáo và đoàn viên thanh niên phân luồng giao thông, trông giữ xe dịp lễ Giáng sinh và các lễ trọng.",
            objectives: "Bảo đảm an ninh, an toàn cho các hoạt động tôn giáo.",
            methods: "Lập kế hoạch chung với Ban hành giáo trước mỗi dịp lễ; bố trí lực lượng cùng tình nguyện viên giáo dân.",
            results: "Các dịp lễ năm 2023 diễn ra an toàn; mô hình tạm dừng khi tổ chức lại lực lượng công an cơ sở.",
            beneficiaries: "Bà con giáo dân và người dân tham dự lễ."),
            []),
        (Model(SampleDvkModels.VeteransClub, "DVK-2019-01", Kind.Model, Field.DefenceSecurity, 2019, Status.Closed, new DateOnly(2019, 4, 1),
            name: "Câu lạc bộ Cựu chiến binh với công tác hòa giải và giữ gìn trật tự",
            ownerUnit: "Hội Cựu chiến binh phường Cự Khối",
            topics: ["an ninh trật tự", "hòa giải cơ sở"],
            description: "Hội viên cựu chiến binh tham gia tuần tra, hòa giải mâu thuẫn trong khu dân cư.",
            objectives: "Phát huy vai trò cựu chiến binh trong giữ gìn an ninh trật tự.",
            methods: "Tuần tra buổi tối cùng tổ bảo vệ dân phố; tham gia tổ hòa giải.",
            results: "Mô hình kết thúc năm 2020, nội dung được lồng ghép vào mô hình camera an ninh của Công an phường.",
            beneficiaries: "Nhân dân phường Cự Khối."),
            []),
    ];

    private static DvkModel Model(
        string id, string code, Kind kind, Field field, int year, Status status, DateOnly start,
        string name, string ownerUnit, string[] topics, string description, string objectives, string methods, string results, string beneficiaries)
    {
        var model = new DvkModel
        {
            Id = id,
            Code = code,
            Kind = kind,
            Name = name,
            OwnerUnit = ownerUnit,
            Field = field,
            Description = description + Sample,
            Objectives = objectives,
            Methods = methods,
            Results = results,
            Beneficiaries = beneficiaries,
            StartDate = Domain.CalendarDates.ToDate(start),
            Year = year,
            Status = status,
        };
        model.Topics.AddRange(topics);
        return model;
    }

    private static Recognition Recognition(Level level, RecognitionKind kind, int year, string number, DateOnly date, string issuer, string note) => new()
    {
        Level = level,
        Kind = kind,
        Year = year,
        DecisionNumber = number,
        DecisionDate = Domain.CalendarDates.ToDate(date),
        Issuer = issuer,
        Note = note + Sample,
    };
}
