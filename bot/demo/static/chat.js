// The demo's web chat: one person's private chat with the bot, kept up to date by long polling
// /api/chat/<user>; what the person types or presses goes to the bot as Telegram updates.
"use strict";

const messages = document.getElementById("messages");
const role = document.querySelector("select[name=role]");
const field = document.querySelector("textarea[name=message]");
const composer = document.getElementById("composer");
const menu = document.getElementById("menu");
const toast = document.getElementById("toast");
const alertBox = document.getElementById("alert");

let current = null; // the user id of the chat shown
let since = 0; // the revision of the last change seen in it
let poll = null; // the AbortController of the running long poll
const seen = {}; // user id → the last revision seen of their chat
let people = [];

async function post(path, body) {
  const response = await fetch(`/api/chat/${current}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    showToast(answer.error || "Das hat nicht geklappt.");
  }
}

function nearBottom() {
  return messages.scrollHeight - messages.scrollTop - messages.clientHeight < 120;
}

function apply(message) {
  const old = messages.querySelector(`.msg[data-id="${message.id}"]`);
  if (message.deleted) {
    if (old) old.remove();
    return;
  }
  const holder = document.createElement("div");
  holder.innerHTML = message.html;
  const fresh = holder.firstElementChild;
  if (old) {
    old.replaceWith(fresh); // an edit changes the message in place
  } else {
    messages.appendChild(fresh);
  }
}

function showToast(text) {
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => { toast.hidden = true; }, 3000);
}

function showAlert(text) {
  alertBox.querySelector("p").textContent = text;
  alertBox.hidden = false;
}

function markActivity(activity) {
  for (const option of role.options) {
    const person = people.find((p) => String(p.id) === option.value);
    const latest = activity[option.value] || 0;
    if (option.value === String(current)) seen[option.value] = latest;
    const unseen = latest > (seen[option.value] || 0);
    option.textContent = (unseen ? "● " : "") + person.label;
  }
}

async function follow(user) {
  const controller = new AbortController();
  poll = controller;
  while (current === user && !controller.signal.aborted) {
    let answer;
    try {
      const response = await fetch(`/api/chat/${user}?since=${since}`, { signal: controller.signal });
      if (!response.ok) throw new Error(String(response.status));
      answer = await response.json();
    } catch (error) {
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the demo stopped or restarts
      continue;
    }
    if (current !== user) return;
    const stick = nearBottom();
    answer.messages.forEach(apply);
    answer.toasts.forEach((t) => (t.alert ? showAlert(t.text) : showToast(t.text)));
    since = answer.revision;
    markActivity(answer.activity);
    if (stick && answer.messages.length) messages.scrollTop = messages.scrollHeight;
  }
}

function open(user) {
  if (poll) poll.abort();
  current = user;
  since = 0;
  messages.replaceChildren();
  menu.hidden = true;
  history.replaceState(null, "", `#${user}`);
  follow(user);
  field.focus();
}

function send(text) {
  const message = text.trim();
  if (!message) return;
  post("send", { text: message });
}

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  send(field.value);
  field.value = "";
});

field.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

messages.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (button && button.dataset.callback !== undefined) {
    const bubble = button.closest(".msg");
    post("press", { message_id: Number(bubble.dataset.id), data: button.dataset.callback });
    return;
  }
  if (button && button.dataset.url) {
    window.open(button.dataset.url, "_blank", "noopener");
    return;
  }
  const command = event.target.closest(".tg-command");
  if (command) send(command.dataset.command);
});

role.addEventListener("change", () => open(Number(role.value)));

document.getElementById("attach").addEventListener("click", () => post("upload", {}));

document.getElementById("menu-button").addEventListener("click", async () => {
  if (!menu.hidden) {
    menu.hidden = true;
    return;
  }
  const commands = await (await fetch("/api/commands")).json();
  menu.replaceChildren(...commands.map((c) => {
    const item = document.createElement("button");
    item.type = "button";
    item.innerHTML = "<b></b> <span></span>";
    item.querySelector("b").textContent = `/${c.command}`;
    item.querySelector("span").textContent = c.description;
    item.addEventListener("click", () => { menu.hidden = true; send(`/${c.command}`); });
    return item;
  }));
  menu.hidden = false;
});

alertBox.querySelector("button").addEventListener("click", () => { alertBox.hidden = true; });

async function start() {
  people = await (await fetch("/api/people")).json();
  for (const person of people) {
    const option = document.createElement("option");
    option.value = String(person.id);
    option.textContent = person.label;
    role.appendChild(option);
  }
  const wanted = Number(location.hash.slice(1));
  role.value = String(people.some((p) => p.id === wanted) ? wanted : people[0].id);
  open(Number(role.value));
}

start();
