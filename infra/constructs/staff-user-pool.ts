import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolRiskConfigurationAttachment,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { AppFunction } from './lambda-function';

/** The user pool groups, one per staff role (shared/auth/staff-identity.ts reads them from `cognito:groups`). */
export const STAFF_GROUPS = ['admin', 'triage', 'officer', 'district'] as const;

/**
 * Custom attributes: the unit an officer works for, the kecamatan a district user reads. Set by an administrator,
 * never by the user, and copied into the access token by the pre-token-generation trigger.
 */
export const STAFF_SCOPE_ATTRIBUTES = ['unit', 'district'] as const;

/** Cognito refuses any redirect other than https, except http://localhost for development. */
const REDIRECT_URL = /^(https:\/\/[^\s/]+|http:\/\/localhost(:\d+)?)(\/\S*)?$/;

export interface StaffUserPoolProps {
  /** where the hosted sign-in may send the authorization code: exact URLs of the staff front end */
  readonly callbackUrls: string[];
  /** where the hosted sign-out may return to */
  readonly logoutUrls: string[];
  /** the prefix of the hosted sign-in domain, `https://<prefix>.auth.<region>.amazoncognito.com`; unique per region */
  readonly domainPrefix: string;
}

/**
 * Sign-in for officials (never citizens: they report without an account). Administrators create every account;
 * users sign in with their email, a strong password and a TOTP authenticator app, and get groups and scope
 * (unit, kecamatan) only from an administrator.
 *
 * The pre-token-generation trigger lives here, in the pool's own stack: the pool names the function in its
 * LambdaConfig and the function's invoke permission names the pool, so splitting them across stacks would make a
 * circular cross-stack reference.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly preTokenGeneration: AppFunction;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);
    for (const url of [...props.callbackUrls, ...props.logoutUrls]) {
      if (!REDIRECT_URL.test(url)) {
        throw new Error(`Sign-in redirect URLs must be https (or http://localhost), got "${url}"`);
      }
    }
    if (props.callbackUrls.length === 0) throw new Error('The staff app client needs at least one callback URL');

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts for officials only: an administrator creates each one (admin-create-user).
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      // an email change takes effect only once the new address is verified: no lock-out by a typo
      keepOriginal: { email: true },
      customAttributes: Object.fromEntries(
        STAFF_SCOPE_ATTRIBUTES.map((name) => [name, new StringAttribute({ minLen: 1, maxLen: 64, mutable: true })]),
      ),
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP (an authenticator app) only: SMS codes cost money per message and fall to SIM swapping.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true, email: false },
      enableSmsRole: false,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      /*
       * PLUS, because cdk-nag's AwsSolutions pack asks for it (AwsSolutions-COG8, the successor of COG3's
       * advanced security mode) and because these accounts can read reporters' phone numbers: threat protection
       * blocks sign-ins with credentials known to be leaked and scores every sign-in for takeover risk.
       * Cost, per AWS's price list when this was written (check https://aws.amazon.com/cognito/pricing):
       * PLUS about USD 0.02 per monthly active user with no free tier, against ESSENTIALS' USD 0.015 after
       * 10,000 free MAUs: for a public-works office of a few hundred officials, a few dollars a month.
       * Access-token customization (the V2_0 trigger below) needs ESSENTIALS or PLUS; LITE would not do.
       */
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Akun Si Centang Anda / Your Si Centang account',
        emailBody:
          'Akun Si Centang Anda telah dibuat. Nama pengguna: {username}, kata sandi sementara: {####} ' +
          '(berlaku 3 hari). Saat masuk pertama kali Anda akan mengganti kata sandi dan memasang aplikasi ' +
          'autentikator (TOTP).<br><br>Your Si Centang account has been created. Username: {username}, ' +
          'temporary password: {####} (valid for 3 days). At first sign-in you will choose a new password and ' +
          'set up an authenticator app (TOTP).',
      },
      deletionProtection: true,
      // the accounts, their groups and their TOTP secrets must outlive any stack change
      removalPolicy: RemovalPolicy.RETAIN,
    });

    /*
     * ENFORCED threat protection with its actions written down rather than left to the service defaults:
     * a sign-in or password change with a known-leaked password is refused, a high-risk sign-in is blocked
     * (an administrator clears a false alarm with admin-update-auth-event-feedback). MFA is required anyway,
     * so medium risk only restates that. No notification emails: that needs an SES identity.
     */
    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: 'BLOCK' },
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
    });

    STAFF_GROUPS.forEach((group, precedence) => {
      this.userPool.addGroup(`${group.charAt(0).toUpperCase()}${group.slice(1)}Group`, {
        groupName: group,
        description: `Si Centang staff role "${group}"`,
        // lowest wins in Cognito; same order as the strongest-role-first rule of the handlers
        precedence,
      });
    });

    // Cognito waits at most 5 seconds for a trigger; the function only copies two attributes.
    this.preTokenGeneration = new AppFunction(this, 'PreTokenGenerationFunction', {
      name: 'pre-token-generation',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    // V2_0: the event that can customize the ACCESS token (V1_0 reaches the ID token only)
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preTokenGeneration,
      LambdaVersion.V2_0,
    );

    this.client = this.userPool.addClient('StaffAppClient', {
      userPoolClientName: 'si-centang-staff',
      // a browser or mobile front end cannot keep a secret: a public client, with PKCE on the code flow
      generateSecret: false,
      // SRP only (the password never leaves the device); the refresh-token flow is added by CDK
      authFlows: { userSrp: true },
      oAuth: {
        // Authorization code only, never implicit. Cognito checks the PKCE code_verifier whenever the
        // authorize request carried a code_challenge; the front end's library (Amplify, oidc-client) sends S256.
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // The JWT authorizer checks tokens offline and cannot see a revocation: a short access token bounds that.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Users may edit their own name and language only. Listing the writable attributes leaves out
      // custom:unit, custom:district and email: scope and identity are set by an administrator.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true, locale: true }),
    });

    this.domain = this.userPool.addDomain('StaffSignInDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      // managed login: the hosted pages where a new official sets a password and enrols TOTP
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // managed login shows nothing for a client without a style; Cognito's own is enough for staff
    new CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }
}
