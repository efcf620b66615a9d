/**
 * Random, never-issued credentials in each format, assembled from pieces so that repository
 * secret scanners (GitHub push protection) do not mistake the test file for a leak.
 */
const j = (...parts: string[]): string => parts.join('');

export const FAKE = {
  openaiProject: j('sk-', 'proj-', 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzd', 'T3BlbkFJ', 'ocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7D'),
  openaiLegacy: j('sk-', 'xtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZ'),
  openaiSvc: j('sk-', 'svcacct-', 'Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3'),
  anthropic: j('sk-ant-', 'api03-', '6ilI8ihN5KXSc7Tvo_hBKqFYY_kv5ZJr3J1TWDtkwtDDb-xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po-799AA'),
  anthropicAdmin: j('sk-ant-', 'admin01-', 'Qw9Er7Ty5Ui3Op1As2Df4Gh6Jk8Lz0Xc9Vb7Nm5Qw3Er1Ty2Ui4Op6As8Df0Gh1Jk3Lz5Xc7Vb9Nm2QwAA'),
  portcullis: j('pcl_', 'prod_', 'tfjgVvVqE1SkHbn88HxjSI6bWHtP3fS2qHx6kwXoIIX'),
  awsKeyId: j('AKIA', 'VOMPZOM7WBBR6QMW'),
  awsSecret: j('5SUkCnD8zRA9a9Sk', 'pXz9w3QlY7Zkuvqdt7s8Stqc'),
  gcpApiKey: j('AIza', 'bnr3yBdGBLEPH1qhT61qtc4xatws8phP9nh'),
  azureKey: j('FyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY+uCu3ZR1zTOl', 'UcR64cXQLioDnkHIfxIq2HZt/PlJhx2jIc=='),
  sasSig: j('OfZqfM2oeq3hDavJA76rNicHTp8h', '%2Bkqdlm7tOtHWnsC%3D'),
  githubPat: j('ghp_', 'GRlrwZbqcabUGJmGEp7CgQ0PBQFI14zGtSno'),
  githubFine: j('github_pat_', 'vm14TUOizwd1iaeOV4qBkd_fQ1y3GQsMpSscDlkrCaqx9vJupc94tnwlavyfErGPmpGXafq0fjzLczbttO'),
  slack: j('xoxb', '-319829657249-2086828890931-', 'bciOx9gy1CJdObOIRpFqaDZe'),
  stripe: j('sk_', 'live_', 'V7G5IfQHeVVEqZe2qpUWnoVP'),
  jwt: j('eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9', '.eyJzdWIiOiAiMTIzIiwgIm5hbWUiOiAiQSJ9', '.6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAjl'),
  password: 'sHUq&JoUD#!Ydua!7',
  pem: j(
    '-----BEGIN RSA ', 'PRIVATE KEY-----\n',
    '5ZMs1SWOpQaPRYpzbLGViYXjU2JgJngKtFI3OyV2dZAkg05rK+gqv81RKMGHZEM9\n',
    'MIIEowIBAAKCAQEA7Vq3d9kT2mZ8yQ1xR4pW6sN0bF5hJ3cL8vG2tY9uK1eA4rD7\n',
    '-----END RSA ', 'PRIVATE KEY-----',
  ),
} as const;
