using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Community.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchMisses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Query = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KnowledgeQuestionId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchMisses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SearchMisses_KnowledgeQuestions_KnowledgeQuestionId",
                        column: x => x.KnowledgeQuestionId,
                        principalTable: "KnowledgeQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SearchOutbox",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DocumentKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EnqueuedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchOutbox", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "SearchSynonyms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchSynonyms", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchMisses_Count",
                table: "SearchMisses",
                column: "Count");

            migrationBuilder.CreateIndex(
                name: "IX_SearchMisses_KnowledgeQuestionId",
                table: "SearchMisses",
                column: "KnowledgeQuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchMisses_Query",
                table: "SearchMisses",
                column: "Query",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SearchOutbox_EnqueuedAt",
                table: "SearchOutbox",
                column: "EnqueuedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SearchMisses");

            migrationBuilder.DropTable(
                name: "SearchOutbox");

            migrationBuilder.DropTable(
                name: "SearchSynonyms");
        }
    }
}
