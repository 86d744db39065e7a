using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Community.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Wiki : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Evaluations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PilotId = table.Column<int>(type: "integer", nullable: false),
                    Conclusions = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    LearningPoints = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    ImprovementPoints = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    NewKnowledgeQuestions = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    UpdatedById = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Evaluations_Pilots_PilotId",
                        column: x => x.PilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeQuestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Explanation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AskedById = table.Column<string>(type: "text", nullable: true),
                    SourcePilotId = table.Column<int>(type: "integer", nullable: true),
                    TakenUpByPilotId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    VoteCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestions_AspNetUsers_AskedById",
                        column: x => x.AskedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestions_Pilots_SourcePilotId",
                        column: x => x.SourcePilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestions_Pilots_TakenUpByPilotId",
                        column: x => x.TakenUpByPilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "WikiPages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RevisionNumber = table.Column<int>(type: "integer", nullable: false),
                    IsLesson = table.Column<bool>(type: "boolean", nullable: false),
                    ThemeId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiPages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiPages_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WikiPages_Themes_ThemeId",
                        column: x => x.ThemeId,
                        principalTable: "Themes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeQuestionVotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    QuestionId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeQuestionVotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestionVotes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_KnowledgeQuestionVotes_KnowledgeQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "KnowledgeQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FromPageId = table.Column<int>(type: "integer", nullable: false),
                    TargetSlug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiLinks_WikiPages_FromPageId",
                        column: x => x.FromPageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiPageTags",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PageId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiPageTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiPageTags_WikiPages_PageId",
                        column: x => x.PageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiRedirects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PageId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiRedirects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiRedirects_WikiPages_PageId",
                        column: x => x.PageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WikiRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PageId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: false),
                    Summary = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    AuthorId = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WikiRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WikiRevisions_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_WikiRevisions_WikiPages_PageId",
                        column: x => x.PageId,
                        principalTable: "WikiPages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_PilotId",
                table: "Evaluations",
                column: "PilotId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_AskedById",
                table: "KnowledgeQuestions",
                column: "AskedById");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_SourcePilotId",
                table: "KnowledgeQuestions",
                column: "SourcePilotId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_TakenUpByPilotId",
                table: "KnowledgeQuestions",
                column: "TakenUpByPilotId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestions_VoteCount",
                table: "KnowledgeQuestions",
                column: "VoteCount");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestionVotes_QuestionId_UserId",
                table: "KnowledgeQuestionVotes",
                columns: new[] { "QuestionId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeQuestionVotes_UserId",
                table: "KnowledgeQuestionVotes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiLinks_FromPageId_TargetSlug",
                table: "WikiLinks",
                columns: new[] { "FromPageId", "TargetSlug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiLinks_TargetSlug",
                table: "WikiLinks",
                column: "TargetSlug");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_CommunityId_Slug",
                table: "WikiPages",
                columns: new[] { "CommunityId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_IsLesson_UpdatedAt",
                table: "WikiPages",
                columns: new[] { "IsLesson", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WikiPages_ThemeId",
                table: "WikiPages",
                column: "ThemeId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPageTags_Name",
                table: "WikiPageTags",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_WikiPageTags_PageId_Name",
                table: "WikiPageTags",
                columns: new[] { "PageId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiRedirects_CommunityId_Slug",
                table: "WikiRedirects",
                columns: new[] { "CommunityId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WikiRedirects_PageId",
                table: "WikiRedirects",
                column: "PageId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiRevisions_AuthorId",
                table: "WikiRevisions",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_WikiRevisions_PageId_Number",
                table: "WikiRevisions",
                columns: new[] { "PageId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Evaluations");

            migrationBuilder.DropTable(
                name: "KnowledgeQuestionVotes");

            migrationBuilder.DropTable(
                name: "WikiLinks");

            migrationBuilder.DropTable(
                name: "WikiPageTags");

            migrationBuilder.DropTable(
                name: "WikiRedirects");

            migrationBuilder.DropTable(
                name: "WikiRevisions");

            migrationBuilder.DropTable(
                name: "KnowledgeQuestions");

            migrationBuilder.DropTable(
                name: "WikiPages");
        }
    }
}
