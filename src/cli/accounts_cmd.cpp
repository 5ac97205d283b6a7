// Accounts from the command line: people (`users`) and other systems'
// credentials (`clients`). Secrets are printed once and never stored.
#include <iostream>
#include <sstream>

#include "app/crypto.h"
#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

struct UserOptions {
  std::string email, name, role = "officer", password;
  Id officer = 0, member = 0, customer = 0;
  bool password_stdin = false;
  std::string token_name;
};

struct ClientOptions {
  std::string name;
  std::vector<std::string> scopes;
};

int add_user(const GlobalOptions& g, UserOptions u) {
  auto role = parse_role(u.role);
  if (!role) return fail(role.error());
  bool generated = false;
  if (u.password_stdin) {
    std::getline(std::cin, u.password);
  } else if (u.password.empty()) {
    u.password = crypto::random_token("").substr(0, 20);
    generated = true;
  }
  auto o = open_council(g);
  if (!o) return 1;
  NewUser n;
  n.email = u.email;
  n.name = u.name.empty() ? u.email : u.name;
  n.role = *role;
  n.password = u.password;
  if (u.officer) n.officer_id = u.officer;
  if (u.member) n.member_id = u.member;
  if (u.customer) n.customer_id = u.customer;
  auto made = o->services->accounts.create_user(o->ctx, n);
  if (!made) return fail(made.error());
  std::cout << "Created " << to_string(made->role) << " account " << made->email << " (id " << made->id << ")\n";
  if (generated) std::cout << "Password (shown once): " << u.password << "\n";
  return 0;
}

int list_users(const GlobalOptions& g) {
  auto o = open_council(g);
  if (!o) return 1;
  auto users = o->services->accounts.list_users(o->ctx);
  if (!users) return fail(users.error());
  for (const auto& u : *users)
    std::cout << u.id << "  " << to_string(u.role) << "  " << u.email << "  " << u.name << (u.active ? "" : "  (inactive)")
              << "\n";
  return 0;
}

int user_token(const GlobalOptions& g, const UserOptions& u) {
  auto o = open_council(g);
  if (!o) return 1;
  auto user = o->store->read_value<User>([&](ReadTx& tx) { return tx.get_user_by_email(o->ctx.tenant, u.email); });
  if (!user) return fail(user.error());
  NewToken t;
  t.name = u.token_name;
  t.user_id = user->id;
  auto secret = o->services->accounts.create_token(o->ctx, t);
  if (!secret) return fail(secret.error());
  std::cout << "Token \"" << t.name << "\" for " << user->email << " (shown once):\n" << *secret << "\n";
  return 0;
}

int add_client(const GlobalOptions& g, const ClientOptions& c) {
  std::string joined;
  for (const auto& s : c.scopes) joined += (joined.empty() ? "" : ",") + s;
  auto scopes = parse_scopes(joined);
  if (!scopes) return fail(scopes.error());
  auto o = open_council(g);
  if (!o) return 1;
  NewToken t;
  t.name = c.name;
  t.scopes = *scopes;
  auto secret = o->services->accounts.create_token(o->ctx, t);
  if (!secret) return fail(secret.error());
  std::cout << "Client \"" << c.name << "\" registered with scopes " << joined << ".\nIts key (shown once):\n"
            << *secret << "\n";
  return 0;
}

int list_clients(const GlobalOptions& g) {
  auto o = open_council(g);
  if (!o) return 1;
  auto tokens = o->services->accounts.list_tokens(o->ctx);
  if (!tokens) return fail(tokens.error());
  for (const auto& t : *tokens) {
    std::string scopes;
    for (const auto& s : t.scopes) scopes += (scopes.empty() ? "" : ",") + s;
    std::cout << t.name << "  " << (t.user_id ? "user " + std::to_string(*t.user_id) : scopes) << "  "
              << (t.revoked_at ? "revoked " + format_instant(*t.revoked_at) : "active")
              << (t.last_used_at ? "  last used " + format_instant(*t.last_used_at) : "") << "\n";
  }
  return 0;
}

int revoke_client(const GlobalOptions& g, const std::string& name) {
  auto o = open_council(g);
  if (!o) return 1;
  if (Status s = o->services->accounts.revoke_token(o->ctx, name); !s) return fail(s.error());
  std::cout << "Revoked \"" << name << "\"\n";
  return 0;
}

template <typename F>
void run(CLI::App* cmd, F f) {
  cmd->callback([f] {
    if (int rc = f(); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace

void add_accounts(CLI::App& app, GlobalOptions& g) {
  static UserOptions u;
  static ClientOptions c;
  auto* users = app.add_subcommand("users", "Accounts of staff, councillors and residents");
  users->require_subcommand(1);
  auto* add = users->add_subcommand("add", "Create an account (prints a generated password unless one is given)");
  add->add_option("EMAIL", u.email, "Sign-in email address")->required();
  add->add_option("--name", u.name, "Full name");
  add->add_option("--role", u.role, "resident, councillor, advisor, officer, lead, manager or administrator")
      ->capture_default_str();
  add->add_option("--officer", u.officer, "The officer record of a member of staff (id)");
  add->add_option("--member", u.member, "The councillor record of a councillor (id)");
  add->add_option("--customer", u.customer, "The customer record of a resident (id)");
  add->add_flag("--password-stdin", u.password_stdin, "Read the password from standard input");
  run(add, [&g] { return add_user(g, u); });
  auto* list = users->add_subcommand("list", "List accounts");
  run(list, [&g] { return list_users(g); });
  auto* token = users->add_subcommand("token", "Create a personal API token that acts as the user");
  token->add_option("EMAIL", u.email, "Whose token")->required();
  token->add_option("--name", u.token_name, "A name for the token, e.g. jo-reports")->required();
  run(token, [&g] { return user_token(g, u); });

  auto* clients = app.add_subcommand("clients", "Other systems' API keys (Open311 apps, back-office systems)");
  clients->require_subcommand(1);
  auto* cadd = clients->add_subcommand("add", "Register a client system and print its new key once");
  cadd->add_option("NAME", c.name, "Client name, e.g. fixmystreet")->required();
  cadd->add_option("--scope", c.scopes, "A scope it may use (repeat for several): cases:read, cases:write, "
                                        "customers:read, customers:write, contacts:write, catalogue:read, "
                                        "reports:read, open311, backoffice")
      ->required();
  run(cadd, [&g] { return add_client(g, c); });
  auto* clist = clients->add_subcommand("list", "List client systems and personal tokens");
  run(clist, [&g] { return list_clients(g); });
  auto* crevoke = clients->add_subcommand("revoke", "Revoke a client's key (or a personal token) by name");
  crevoke->add_option("NAME", c.name, "Its name")->required();
  run(crevoke, [&g] { return revoke_client(g, c.name); });
}

}  // namespace civicdesk::cli
